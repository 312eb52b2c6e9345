using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Sandbox.KubeApi;
using AcrOperator.Sandbox.KubeApi.Http;

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
    /// shown as "no controller yet". Replication, Webhook and BuildTask get their reconcilers in issues 7 and 8; add
    /// each kind here in the change that adds its controller.
    /// </summary>
    public static readonly IReadOnlyList<string> ReconciledKinds = ["Registry"];

    /// <summary>
    /// Where the operator's build output is taken from when <c>ACR_SANDBOX_OPERATOR_DLL</c> does not name it:
    /// <c>src/Operator/bin/&lt;the sandbox's own configuration&gt;/&lt;TFM&gt;/acr-operator.dll</c>.
    /// </summary>
    public const string OperatorDllVariable = "ACR_SANDBOX_OPERATOR_DLL";

    private const string Subscription = "00000000-0000-0000-0000-000000000001";
    private const string OperatorNamespace = "acr-operator-system";
    private const string TargetFramework = "net10.0";

    /// <summary>Files at the repository root that change the operator's build as much as its own sources do.</summary>
    private static readonly string[] SharedBuildFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json"];

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

        var root = FindRepositoryRoot();
        if (root is null)
        {
            await Console.Error.WriteLineAsync("sandbox: no Operator.sln above the current directory or the program; run it inside the repository");
            return 2;
        }

        using var shutdown = new ShutdownSignal();
        var started = Stopwatch.StartNew();
        var sandboxDirectory = Path.Combine(root, ".sandbox");
        Directory.CreateDirectory(sandboxDirectory);

        await using var kube = await KubeApiServer.StartAsync(new KubeApiServerOptions(), shutdown.Token);
        await using var arm = await ArmServer.StartAsync(new ArmServerOptions(), shutdown.Token);
        var kubeconfig = kube.WriteKubeconfig(Path.Combine(sandboxDirectory, "kubeconfig"));
        Say($"kube-api: {kube.BaseAddress.GetLeftPart(UriPartial.Authority)}");
        Say($"arm:      {arm.BaseAddress.GetLeftPart(UriPartial.Authority)} (CA {arm.CaCertificatePath})");

        using var api = new HttpClient { BaseAddress = kube.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Process? operatorProcess = null;
        StreamWriter? operatorLog = null;
        try
        {
            var kinds = await InstallCrdsAsync(api, Path.Combine(root, "config", "crd", "bases"), shutdown.Token);
            Say($"CRDs established: {string.Join(", ", kinds.Keys.Order(StringComparer.Ordinal))}");

            var samples = Directory.GetFiles(Path.Combine(root, "config", "samples"), "*.yaml")
                .Order(StringComparer.Ordinal)
                .Select(file => RequestBody.ParseYamlOrJson(File.ReadAllBytes(file)) as JsonObject)
                .OfType<JsonObject>()
                .Where(sample => kinds.ContainsKey((string?)sample["kind"] ?? ""))
                .ToList();

            using (var armHttp = arm.CreateHttpClient())
            {
                foreach (var (group, location) in samples
                    .Select(s => ((string?)s["spec"]?["resourceGroup"], (string?)s["spec"]?["location"]))
                    .Where(g => g.Item1 is not null)
                    .DistinctBy(g => g.Item1!.ToUpperInvariant()))
                {
                    await SendAsync(armHttp, HttpMethod.Put, $"subscriptions/{Subscription}/resourceGroups/{group}?api-version=2021-04-01",
                        new JsonObject { ["location"] = location ?? "westeurope" }, shutdown.Token);
                    Say($"resource group: {group} ({location ?? "westeurope"}) in subscription {Subscription}");
                }
            }

            await SendAsync(api, HttpMethod.Post, "api/v1/namespaces",
                new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = OperatorNamespace } }, shutdown.Token);

            var operatorDll = await LocateOperatorAsync(root, shutdown.Token);
            if (operatorDll is null)
            {
                return 1;
            }

            var logPath = Path.Combine(sandboxDirectory, "operator.log");
            operatorLog = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
            operatorProcess = StartOperator(operatorDll, kubeconfig, arm, operatorLog);
            Say($"operator: pid {operatorProcess.Id.ToString(CultureInfo.InvariantCulture)}, {operatorDll}; its output goes to {logPath}");

            var watched = new List<Watched>();
            foreach (var sample in samples)
            {
                var kind = kinds[(string)sample["kind"]!];
                var metadata = (JsonObject)(sample["metadata"] ??= new JsonObject());
                var ns = (string?)metadata["namespace"] ?? "default";
                var path = $"apis/{kind.Group}/{kind.Version}/namespaces/{ns}/{kind.Plural}";
                await SendAsync(api, HttpMethod.Post, path, sample, shutdown.Token);
                watched.Add(new Watched(kind.Kind, ns, (string)metadata["name"]!, $"{path}/{metadata["name"]}", ReconciledKinds.Contains(kind.Kind)));
            }

            Say($"samples applied: {watched.Count.ToString(CultureInfo.InvariantCulture)} ({started.Elapsed.TotalSeconds:F1} s after start)");
            Say("");
            Say($"export KUBECONFIG={kubeconfig}");
            Say("");

            return await WatchAsync(api, watched, operatorProcess, logPath, exitWhenReady, timeout, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsSignalled)
        {
            return exitWhenReady ? 1 : 0;
        }
        finally
        {
            if (operatorProcess is not null)
            {
                await StopOperatorAsync(operatorProcess);
                operatorProcess.Dispose();
            }

            if (operatorLog is not null)
            {
                await operatorLog.DisposeAsync();
            }

            Say("sandbox: stopped");
        }
    }

    private sealed record CrdKind(string Kind, string Group, string Version, string Plural);

    private sealed record Watched(string Kind, string Namespace, string Name, string Path, bool Reconciled);

    private sealed record Row(Watched Resource, string Ready, string Reason, string Message)
    {
        public bool IsReady => Ready == "True";
    }

    private static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    /// <summary>Creates every CRD through the emulator's REST API and waits until each is Established.</summary>
    private static async Task<Dictionary<string, CrdKind>> InstallCrdsAsync(HttpClient api, string directory, CancellationToken ct)
    {
        var kinds = new Dictionary<string, CrdKind>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var file in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var crd = (JsonObject)RequestBody.ParseYamlOrJson(await File.ReadAllBytesAsync(file, ct))!;
            await SendAsync(api, HttpMethod.Post, "apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, ct);
            var spec = crd["spec"]!;
            var versions = spec["versions"]!.AsArray();
            var version = versions.FirstOrDefault(v => (bool?)v!["storage"] == true) ?? versions[0]!;
            var kind = (string)spec["names"]!["kind"]!;
            kinds[kind] = new CrdKind(kind, (string)spec["group"]!, (string)version!["name"]!, (string)spec["names"]!["plural"]!);
            names.Add((string)crd["metadata"]!["name"]!);
        }

        var deadline = Stopwatch.StartNew();
        foreach (var name in names)
        {
            while (true)
            {
                var crd = JsonNode.Parse(await api.GetStringAsync($"apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}", ct))!;
                if (crd["status"]?["conditions"] is JsonArray conditions
                    && conditions.Any(c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True"))
                {
                    break;
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException($"CRD {name} is not Established after 30 s");
                }

                await Task.Delay(100, ct);
            }
        }

        return kinds;
    }

    private static async Task SendAsync(HttpClient client, HttpMethod method, string path, JsonNode body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>
    /// The operator's <c>acr-operator.dll</c>. <c>ACR_SANDBOX_OPERATOR_DLL</c> names it explicitly; otherwise it is
    /// <c>src/Operator/bin/&lt;configuration&gt;/net10.0/acr-operator.dll</c>, with the configuration the sandbox itself
    /// was built in (so <c>dotnet test -c Release</c> and <c>dotnet run</c> each use their own). That file is built
    /// with <c>dotnet build src/Operator</c> first when it is missing or older than any source of the operator, so
    /// <c>dotnet run --project src/Sandbox</c> never runs a stale operator, and a fresh build costs no build at all.
    /// </summary>
    private static async Task<string?> LocateOperatorAsync(string root, CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable(OperatorDllVariable) is { Length: > 0 } explicitPath)
        {
            if (File.Exists(explicitPath))
            {
                return Path.GetFullPath(explicitPath);
            }

            await Console.Error.WriteLineAsync($"sandbox: {OperatorDllVariable}={explicitPath} does not exist");
            return null;
        }

        var configuration = typeof(SandboxCommand).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c ? c : "Debug";
        var project = Path.Combine(root, "src", "Operator");
        var dll = Path.Combine(project, "bin", configuration, TargetFramework, "acr-operator.dll");
        var stale = !File.Exists(dll) || NewestSource(root, project) > File.GetLastWriteTimeUtc(dll);
        if (!stale)
        {
            return dll;
        }

        Say($"building the operator: dotnet build src/Operator -c {configuration} ({(File.Exists(dll) ? "sources changed since " + dll : dll + " is missing")})");
        var build = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = root };
        foreach (var argument in new[] { "build", Path.Combine(project, "Operator.csproj"), "-c", configuration, "--nologo", "-v", "q" })
        {
            build.ArgumentList.Add(argument);
        }

        using var process = Process.Start(build)!;
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0 || !File.Exists(dll))
        {
            await Console.Error.WriteLineAsync($"sandbox: building the operator failed (exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }

        return dll;
    }

    private static DateTime NewestSource(string root, string project)
    {
        var sources = Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(SharedBuildFiles.Select(f => Path.Combine(root, f)).Where(File.Exists));
        return sources.Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
    }

    /// <summary>The <c>dotnet</c> host: this process's own when it runs under it, else the SDK's, else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? self
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static Process StartOperator(string dll, string kubeconfig, ArmServer arm, StreamWriter log)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Its appsettings.json is read from the content root, the working directory.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment["Operator__HttpPort"] = FreePort().ToString(CultureInfo.InvariantCulture);
        start.Environment["Operator__Azure__ResourceManagerEndpoint"] = arm.BaseAddress.ToString();
        start.Environment["Operator__Azure__DefaultSubscriptionId"] = Subscription;
        start.Environment["Operator__Azure__Credential"] = "StaticToken";
        start.Environment["Operator__Azure__StaticToken"] = "sandbox";
        start.Environment["Operator__Azure__TrustedCaCertificatePaths__0"] = arm.CaCertificatePath;
        // The emulator's operations finish in seconds; Azure's default poll interval (10 s) would only add waiting.
        start.Environment["Operator__Azure__DefaultPollInterval"] = "00:00:01";

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;

        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    /// <summary>SIGTERM, up to 10 s for a graceful shutdown, then kill.</summary>
    private static async Task StopOperatorAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        try
        {
            if (!OperatingSystem.IsWindows())
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // Not stopped in time (or no kill command): stop it hard.
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The directory holding Operator.sln, found upwards from the working directory, then from the program.</summary>
    private static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Operator.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }
}
