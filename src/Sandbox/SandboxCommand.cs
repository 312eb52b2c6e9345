using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Sandbox.KubeApi.Http;
using static AcrOperator.Sandbox.SandboxEnvironment;

namespace AcrOperator.Sandbox;

/// <summary>
/// <c>sandbox [--exit-when-ready] [--timeout S]</c> (also the default command): both emulators in-process, the CRDs
/// and samples of the repository, and the operator as its own process pointed at them, with a live table of every
/// sample's Ready condition.
/// </summary>
internal static class SandboxCommand
{
    public const string Usage = "sandbox [--exit-when-ready [--timeout S]]";

    /// <summary>
    /// The kinds the operator has a reconciler for: <c>--exit-when-ready</c> waits for these only, and the others are
    /// shown as "no controller yet". Add each kind here in the change that adds its controller.
    /// </summary>
    public static readonly IReadOnlyList<string> ReconciledKinds = ["Registry", "Replication", "Webhook", "BuildTask"];

    /// <summary>
    /// Where the operator's build output is taken from when <c>ACR_SANDBOX_OPERATOR_DLL</c> does not name it:
    /// <c>src/Operator/bin/&lt;the sandbox's own configuration&gt;/&lt;TFM&gt;/acr-operator.dll</c>.
    /// </summary>
    public const string OperatorDllVariable = SandboxEnvironment.OperatorDllVariable;

    public static async Task<int> RunAsync(string[] args)
    {
        var exitWhenReady = false;
        var timeout = TimeSpan.FromSeconds(120);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--exit-when-ready":
                    exitWhenReady = true;
                    break;
                case "--timeout" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    timeout = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"sandbox: unknown or incomplete option '{args[i]}'");
                    await Console.Error.WriteLineAsync("usage: acr-sandbox " + Usage);
                    return 2;
            }
        }

        var root = SandboxEnvironment.FindRepositoryRoot();
        if (root is null)
        {
            await Console.Error.WriteLineAsync("sandbox: no Operator.sln above the current directory or the program; run it inside the repository");
            return 2;
        }

        using var shutdown = new ShutdownSignal();
        var started = Stopwatch.StartNew();
        try
        {
            await using var sandbox = await SandboxEnvironment.StartAsync(root, new ArmServerOptions(), shutdown.Token);
            return await RunAsync(sandbox, started, exitWhenReady, timeout, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsSignalled)
        {
            return exitWhenReady ? 1 : 0;
        }
        finally
        {
            Say("sandbox: stopped");
        }
    }

    private static async Task<int> RunAsync(SandboxEnvironment sandbox, Stopwatch started, bool exitWhenReady, TimeSpan timeout, CancellationToken ct)
    {
        Say($"kube-api: {sandbox.Kube.BaseAddress.GetLeftPart(UriPartial.Authority)}");
        Say($"arm:      {sandbox.Arm.BaseAddress.GetLeftPart(UriPartial.Authority)} (CA {sandbox.Arm.CaCertificatePath})");

        var kinds = await sandbox.InstallCrdsAsync(ct);
        Say($"CRDs established: {string.Join(", ", kinds.Keys.Order(StringComparer.Ordinal))}");

        var documents = Directory.GetFiles(Path.Combine(sandbox.Root, "config", "samples"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(file => RequestBody.ParseYamlOrJson(File.ReadAllBytes(file)) as JsonObject)
            .OfType<JsonObject>()
            .ToList();
        var samples = documents.Where(sample => kinds.ContainsKey((string?)sample["kind"] ?? "")).ToList();

        foreach (var (group, location) in samples
            .Select(s => ((string?)s["spec"]?["resourceGroup"], (string?)s["spec"]?["location"]))
            .Where(g => g.Item1 is not null)
            .DistinctBy(g => g.Item1!.ToUpperInvariant()))
        {
            await sandbox.CreateResourceGroupAsync(group!, location ?? "westeurope", ct);
            Say($"resource group: {group} ({location ?? "westeurope"}) in subscription {SandboxEnvironment.Subscription}");
        }

        await sandbox.CreateOperatorNamespaceAsync(ct);

        // The Secrets samples read (a Webhook's URI and headers, a BuildTask's tokens) exist before the resources that name them.
        foreach (var secret in documents.Where(d => (string?)d["apiVersion"] == "v1" && (string?)d["kind"] == "Secret"))
        {
            var ns = (string?)secret["metadata"]?["namespace"] ?? "default";
            await SandboxEnvironment.SendAsync(sandbox.Api, HttpMethod.Post, $"api/v1/namespaces/{ns}/secrets", secret, ct);
            Say($"secret: {ns}/{secret["metadata"]?["name"]}");
        }

        var operatorDll = await sandbox.LocateOperatorAsync(ct);
        if (operatorDll is null)
        {
            return 1;
        }

        // The samples go to the default namespace; trusting it (besides the operator's own) lets the sample Registry's
        // pull secret reach the namespaces its selector names, as a Registry in the operator's namespace would.
        var operatorProcess = sandbox.StartOperator(operatorDll, new Dictionary<string, string>
        {
            ["Operator__PullSecrets__TrustedNamespaces__0"] = "acr-operator-system",
            ["Operator__PullSecrets__TrustedNamespaces__1"] = "default",
        });
        Say($"operator: pid {operatorProcess.Id.ToString(CultureInfo.InvariantCulture)}, {operatorDll}; its output goes to {sandbox.OperatorLogPath}");

        var watched = new List<Watched>();
        foreach (var sample in samples)
        {
            var kind = kinds[(string)sample["kind"]!];
            var metadata = (JsonObject)(sample["metadata"] ??= new JsonObject());
            var ns = (string?)metadata["namespace"] ?? "default";
            var path = kind.CollectionPath(ns);
            await SandboxEnvironment.SendAsync(sandbox.Api, HttpMethod.Post, path, sample, ct);
            watched.Add(new Watched(kind.Kind, ns, (string)metadata["name"]!, $"{path}/{metadata["name"]}", ReconciledKinds.Contains(kind.Kind)));
        }

        Say($"samples applied: {watched.Count.ToString(CultureInfo.InvariantCulture)} ({started.Elapsed.TotalSeconds:F1} s after start)");
        await CreatePullSecretDemoNamespaceAsync(sandbox, samples, ct);
        Say("");
        Say($"export KUBECONFIG={sandbox.Kubeconfig}");
        Say("");

        return await WatchAsync(sandbox.Api, watched, operatorProcess, sandbox.OperatorLogPath, exitWhenReady, timeout, ct);
    }

    /// <summary>A namespace the sample Registry's pull-secret selector matches, so its Secret has somewhere to go.</summary>
    private static async Task CreatePullSecretDemoNamespaceAsync(SandboxEnvironment sandbox, IReadOnlyList<JsonObject> samples, CancellationToken ct)
    {
        var registry = samples.FirstOrDefault(s => (string?)s["kind"] == "Registry" && s["spec"]?["pullSecret"] is not null);
        if (registry?["spec"]?["pullSecret"]?["namespaces"]?["matchLabels"] is not JsonObject labels)
        {
            return;
        }

        const string name = "pull-demo";
        await SandboxEnvironment.SendAsync(sandbox.Api, HttpMethod.Post, "api/v1/namespaces", new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = labels.DeepClone() },
        }, ct);
        var secretName = (string?)registry["spec"]!["pullSecret"]!["secretName"] ?? $"{registry["metadata"]?["name"]}-pull";
        Say($"namespace {name} matches the sample Registry's pull-secret selector: kubectl get secret {secretName} -n {name}");
    }

    private sealed record Watched(string Kind, string Namespace, string Name, string Path, bool Reconciled);

    private sealed record Row(Watched Resource, string Ready, string Reason, string Message)
    {
        public bool IsReady => Ready == "True";
    }

    private static async Task<int> WatchAsync(
        HttpClient api, IReadOnlyList<Watched> watched, Process operatorProcess, string logPath, bool exitWhenReady, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string? shown = null;
        IReadOnlyList<Row> rows = [];
        while (true)
        {
            rows = await ReadRowsAsync(api, watched, ct);
            var table = Format(rows);
            if (table != shown)
            {
                Say($"--- {DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}{(exitWhenReady ? "" : " (Ctrl-C to stop)")}");
                Say(table);
                shown = table;
            }

            if (exitWhenReady && rows.Where(r => r.Resource.Reconciled).All(r => r.IsReady))
            {
                Say($"all samples with a controller are Ready ({string.Join(", ", ReconciledKinds)}) after {clock.Elapsed.TotalSeconds:F1} s");
                return 0;
            }

            if (operatorProcess.HasExited)
            {
                Say($"the operator exited with code {operatorProcess.ExitCode.ToString(CultureInfo.InvariantCulture)}; see {logPath}");
                return 1;
            }

            if (exitWhenReady && clock.Elapsed > timeout)
            {
                Say($"not Ready after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s:");
                foreach (var row in rows.Where(r => r.Resource.Reconciled && !r.IsReady))
                {
                    Say($"  {row.Resource.Kind} {row.Resource.Namespace}/{row.Resource.Name}: Ready={row.Ready} reason={row.Reason} message={row.Message}");
                }

                Say($"operator log: {logPath}");
                return 1;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }
    }

    private static async Task<IReadOnlyList<Row>> ReadRowsAsync(HttpClient api, IReadOnlyList<Watched> watched, CancellationToken ct)
    {
        var rows = new List<Row>();
        foreach (var resource in watched)
        {
            using var response = await api.GetAsync(resource.Path, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                rows.Add(new Row(resource, "-", "NotFound", "the resource is gone"));
                continue;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
            var ready = (body?["status"]?["conditions"] as JsonArray)?.FirstOrDefault(c => (string?)c?["type"] == "Ready");
            rows.Add(ready is not null
                ? new Row(resource, (string?)ready["status"] ?? "Unknown", (string?)ready["reason"] ?? "", (string?)ready["message"] ?? "")
                : resource.Reconciled
                    ? new Row(resource, "Unknown", "", "no Ready condition yet")
                    : new Row(resource, "-", "no controller yet", "not reconciled by this operator version"));
        }

        return rows;
    }

    private static string Format(IReadOnlyList<Row> rows)
    {
        string[] header = ["KIND", "NAMESPACE/NAME", "READY", "REASON", "MESSAGE"];
        var cells = rows.Select(r => new[] { r.Resource.Kind, $"{r.Resource.Namespace}/{r.Resource.Name}", r.Ready, r.Reason, OneLine(r.Message) }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length - 1).Select(i => cells.Max(row => row[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in cells)
        {
            for (var i = 0; i < widths.Length; i++)
            {
                text.Append(row[i].PadRight(widths[i] + 2));
            }

            text.Append(row[^1]).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        return line.Length > 160 ? line[..157] + "..." : line;
    }
}
