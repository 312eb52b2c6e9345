using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Sandbox.Bench;
using AcrOperator.Sandbox.KubeApi.Diagnostics;
using static AcrOperator.Sandbox.Bench.BenchFigures;
using static AcrOperator.Sandbox.SandboxEnvironment;

namespace AcrOperator.Sandbox;

/// <summary>
/// <c>pullsecret-bench</c> (issue 6, Performance): the sandbox's emulators and operator process, one Registry whose pull
/// secret selects namespaces by label, N such namespaces created at a steady rate, then a forced rotation. Prints the
/// namespace-creation-to-Secret latency (from a watch on the Secrets), the rotation's fan-out time, the API writes per
/// namespace (from the emulator's request log) and the operator's peak RSS, each with its target and PASS or MISS.
/// A benchmark, not a test: the exit code reports errors (Secrets missing at the timeout, the operator exiting), never a missed target.
/// </summary>
internal static class PullSecretBenchCommand
{
    public const string Usage = "pullsecret-bench [--namespaces N] [--rate R] [--no-service-accounts] [--timeout S]";

    private const string Prefix = "psb-";
    private const string OperatorNamespace = "acr-operator-system";
    private const string RegistryName = "pullbench";
    private const string ResourceGroup = "rg-pullbench";
    private const string Location = "westeurope";
    private const string SelectorKey = "bench";
    private const string SelectorValue = "pull-secrets";
    private const double LatencyTargetMs = 100;
    private const double RotationTargetSeconds = 10;
    private const double WritesPerSecretTarget = 1;
    private const double RssTargetMiB = 100;

    public static async Task<int> RunAsync(string[] args)
    {
        var namespaces = 1000;
        var rate = 50;
        var serviceAccounts = true;
        var timeout = TimeSpan.FromSeconds(180);
        for (var i = 0; i < args.Length; i++)
        {
            var ok = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
            switch (args[i])
            {
                case "--namespaces" when ok:
                    namespaces = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--rate" when ok:
                    rate = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--timeout" when ok:
                    timeout = TimeSpan.FromSeconds(int.Parse(args[++i], CultureInfo.InvariantCulture));
                    break;
                case "--no-service-accounts":
                    serviceAccounts = false;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"pullsecret-bench: unknown or incomplete option '{args[i]}'");
                    await Console.Error.WriteLineAsync("usage: acr-sandbox " + Usage);
                    return 2;
            }
        }

        var root = FindRepositoryRoot();
        if (root is null)
        {
            await Console.Error.WriteLineAsync("pullsecret-bench: no Operator.sln above the current directory or the program; run it inside the repository");
            return 2;
        }

        using var shutdown = new ShutdownSignal();
        Say("pullsecret-bench");
        Say($"machine: {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {BuildConfiguration} build{(BuildConfiguration == "Release" ? "" : " (figures are not representative; use -c Release)")}");
        Say($"options: namespaces N={namespaces.ToString(CultureInfo.InvariantCulture)} created at {rate.ToString(CultureInfo.InvariantCulture)}/s, credential Token, serviceAccounts {(serviceAccounts ? "[default]" : "none")}, timeout {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s per phase, leader election off, default operator settings");
        try
        {
            await using var sandbox = await SandboxEnvironment.StartAsync(root, new ArmServerOptions(), shutdown.Token);
            return await RunAsync(sandbox, namespaces, rate, serviceAccounts, timeout, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsSignalled)
        {
            Say("pullsecret-bench: interrupted");
            return 1;
        }
    }

    private static async Task<int> RunAsync(SandboxEnvironment sandbox, int n, int rate, bool serviceAccounts, TimeSpan timeout, CancellationToken ct)
    {
        var kind = (await sandbox.InstallCrdsAsync(ct))["Registry"];
        await sandbox.CreateResourceGroupAsync(ResourceGroup, Location, ct);
        await sandbox.CreateOperatorNamespaceAsync(ct);
        var dll = await sandbox.LocateOperatorAsync(ct);
        if (dll is null)
        {
            return 1;
        }

        var operatorProcess = sandbox.StartOperator(dll, new Dictionary<string, string> { ["Operator__LeaderElect"] = "false" });
        Say($"operator: pid {operatorProcess.Id.ToString(CultureInfo.InvariantCulture)}, {dll}; its output goes to {sandbox.OperatorLogPath}");
        if (!await sandbox.WaitForOperatorReadyAsync(TimeSpan.FromSeconds(60), ct))
        {
            Say($"pullsecret-bench: the operator did not become ready (/readyz) within 60 s; see {sandbox.OperatorLogPath}");
            return 1;
        }

        // The Registry lives in the operator's namespace, the one it trusts to select other namespaces.
        var registryPath = $"{kind.CollectionPath(OperatorNamespace)}/{RegistryName}";
        var pullSecret = new JsonObject { ["namespaces"] = new JsonObject { ["matchLabels"] = new JsonObject { [SelectorKey] = SelectorValue } } };
        if (serviceAccounts)
        {
            pullSecret["serviceAccounts"] = new JsonArray("default");
        }

        await SendAsync(sandbox.Api, HttpMethod.Post, kind.CollectionPath(OperatorNamespace), new JsonObject
        {
            ["apiVersion"] = $"{kind.Group}/{kind.Version}",
            ["kind"] = kind.Kind,
            ["metadata"] = new JsonObject { ["name"] = RegistryName, ["namespace"] = OperatorNamespace },
            ["spec"] = new JsonObject { ["azureName"] = RegistryName, ["resourceGroup"] = ResourceGroup, ["location"] = Location, ["sku"] = "Standard", ["pullSecret"] = pullSecret },
        }, ct);
        var registry = await WaitForAsync(() => ReadyRegistryAsync(sandbox.Api, registryPath, ct), TimeSpan.FromSeconds(60), ct);
        if (registry is null)
        {
            Say($"pullsecret-bench: the Registry's pull secrets did not become ready within 60 s; see {sandbox.OperatorLogPath}");
            return 1;
        }

        var uid = (string)registry["metadata"]!["uid"]!;
        var loginServer = (string)registry["status"]!["loginServer"]!;
        Say($"registry {OperatorNamespace}/{RegistryName} ready: {loginServer}");

        using var watchClient = new HttpClient { BaseAddress = sandbox.Kube.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var watch = await watchClient.GetAsync($"api/v1/secrets?watch=true&timeoutSeconds=3600&labelSelector={Uri.EscapeDataString("acr.operator.dev/registry-uid=" + uid)}", HttpCompletionOption.ResponseHeadersRead, ct);
        watch.EnsureSuccessStatusCode();
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var arrivals = new SecretArrivals(Prefix, n);
        var reading = arrivals.ReadAsync(await watch.Content.ReadAsStreamAsync(ct), stopWatching.Token);

        var loadBefore = LoadAverage();

        // Phase 1: namespaces at a steady rate; each one's Secret timed from the creation request to its watch event.
        Say("");
        Say($"phase 1: creating {n.ToString(CultureInfo.InvariantCulture)} namespaces at {rate.ToString(CultureInfo.InvariantCulture)}/s");
        var logStart = sandbox.Kube.RequestLog.Entries.Count;
        var createdAt = new long[n];
        var creates = new List<Task>(n);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            createdAt[i] = Stopwatch.GetTimestamp();
            creates.Add(SendAsync(sandbox.Api, HttpMethod.Post, "api/v1/namespaces", new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = Name(i), ["labels"] = new JsonObject { [SelectorKey] = SelectorValue } },
            }, ct));
        }

        await Task.WhenAll(creates);
        Say($"  created in {clock.Elapsed.TotalSeconds:F1} s");
        if (!await WaitForCountAsync(() => arrivals.Added, n, "Secrets present", operatorProcess, timeout, ct))
        {
            return 1;
        }

        await SettleAsync(sandbox, ct);
        var creation = sandbox.Kube.RequestLog.Entries.Skip(logStart).ToList();
        var latency = new LatencySamples();
        for (var i = 0; i < n; i++)
        {
            latency.Add(arrivals.AddedAt[i] - createdAt[i]);
        }

        // Phase 2: one forced rotation, timed from the request to the last Secret rewritten.
        Say("");
        Say("phase 2: forcing a rotation (annotation acr.operator.dev/rotate-requested-at)");
        logStart = sandbox.Kube.RequestLog.Entries.Count;
        arrivals.StartRotation();
        var rotationStart = Stopwatch.GetTimestamp();
        await SendAsync(sandbox.Api, HttpMethod.Patch, registryPath, new JsonObject
        {
            ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["acr.operator.dev/rotate-requested-at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) } },
        }, ct, "application/merge-patch+json");
        if (!await WaitForCountAsync(() => arrivals.Rotated, n, "Secrets rotated", operatorProcess, timeout, ct))
        {
            return 1;
        }

        var lastRotated = 0L;
        foreach (var at in arrivals.RotatedAt)
        {
            lastRotated = Math.Max(lastRotated, at);
        }

        var rotation = Stopwatch.GetElapsedTime(rotationStart, lastRotated);
        await SettleAsync(sandbox, ct);
        var rotationRequests = sandbox.Kube.RequestLog.Entries.Skip(logStart).ToList();
        await stopWatching.CancelAsync();
        await reading;

        var refused = await CountRefusedAsync(sandbox, uid, loginServer, ct);
        var passes = await PassesAsync(sandbox, ct);
        var peakRss = PeakRssMiB(operatorProcess);
        var served = (int?)JsonNode.Parse(await sandbox.Api.GetStringAsync(registryPath, ct))!["status"]?["pullSecret"]?["namespacesServed"];

        Say("");
        Say($"results (N={n.ToString(CultureInfo.InvariantCulture)}, {rate.ToString(CultureInfo.InvariantCulture)} namespaces/s; load average {loadBefore} before, {LoadAverage()} after on {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} cores)");
        Say($"namespace created -> Secret present: {latency.Summary(withMax: true)}");
        Line("p99 namespace -> Secret", $"{latency.Percentile(0.99) * 1000.0 / Stopwatch.Frequency:F1} ms", $"<= {LatencyTargetMs.ToString(CultureInfo.InvariantCulture)} ms", latency.Percentile(0.99) * 1000.0 / Stopwatch.Frequency <= LatencyTargetMs);
        Line($"rotation fan-out to {n.ToString(CultureInfo.InvariantCulture)} namespaces", $"{rotation.TotalSeconds:F2} s", $"<= {RotationTargetSeconds.ToString(CultureInfo.InvariantCulture)} s", rotation.TotalSeconds <= RotationTargetSeconds);
        var creationWrites = Writes(creation);
        var rotationWrites = Writes(rotationRequests);
        Line("Secret writes per namespace (creation)", PerNamespace(creationWrites.PullSecrets, n), $"<= {WritesPerSecretTarget:F2}", (double)creationWrites.PullSecrets / n <= WritesPerSecretTarget);
        Line("Secret writes per namespace (rotation)", PerNamespace(rotationWrites.PullSecrets, n), $"<= {WritesPerSecretTarget:F2}", (double)rotationWrites.PullSecrets / n <= WritesPerSecretTarget);
        Say($"  creation, per namespace: {creationWrites.Describe(n)}");
        Say($"  rotation, per namespace: {rotationWrites.Describe(n)}");
        Line("Secrets refused by the registry at the end", refused.ToString(CultureInfo.InvariantCulture), "0", refused == 0);
        Say($"status.pullSecret.namespacesServed: {served?.ToString(CultureInfo.InvariantCulture) ?? "unset"}");
        Say($"pull-secret controller passes: {passes}");
        Line("operator peak RSS (VmHWM)", peakRss is { } rss ? $"{rss:F1} MiB" : "unknown", $"<= {RssTargetMiB.ToString(CultureInfo.InvariantCulture)} MiB", peakRss is { } r && r <= RssTargetMiB);
        Say($"  resident now: {ResidentBreakdown(operatorProcess)}");
        return 0;
    }

    private static string Name(int index) => Prefix + index.ToString("D4", CultureInfo.InvariantCulture);

    private static string PerNamespace(int count, int n) => ((double)count / n).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>The operator's successful writes by kind; the benchmark's own (namespaces, the annotation) are left out.</summary>
    private static WriteTally Writes(IEnumerable<KubeRequestLogEntry> entries)
    {
        var tally = new WriteTally();
        foreach (var e in entries.Where(e => e.Method is "POST" or "PUT" or "PATCH" or "DELETE"))
        {
            if (e.Status is < 200 or >= 300)
            {
                tally.Refused++;
            }
            else if (e.Path.EndsWith("/secrets", StringComparison.Ordinal) || e.Path.Contains("/secrets/", StringComparison.Ordinal))
            {
                // The credential record lives in the operator's namespace; pull Secrets everywhere else.
                if (e.Path.StartsWith($"/api/v1/namespaces/{OperatorNamespace}/", StringComparison.Ordinal))
                {
                    tally.Credential++;
                }
                else
                {
                    tally.PullSecrets++;
                }
            }
            else if (e.Path.Contains("/serviceaccounts", StringComparison.Ordinal))
            {
                tally.ServiceAccounts++;
            }
            else if (e.Path.EndsWith("/status", StringComparison.Ordinal))
            {
                tally.Status++;
            }
            else if (e.Path.Contains("/events", StringComparison.Ordinal))
            {
                tally.Events++;
            }
            else if (!(e.Path == "/api/v1/namespaces" || (e.Method == "PATCH" && e.Path.Contains("/registries/", StringComparison.Ordinal))))
            {
                tally.Other++;
            }
        }

        return tally;
    }

    private static async Task<JsonNode?> ReadyRegistryAsync(HttpClient api, string path, CancellationToken ct)
    {
        var registry = JsonNode.Parse(await api.GetStringAsync(path, ct))!;
        var ready = (registry["status"]?["conditions"] as JsonArray)?.Any(c => (string?)c?["type"] == "PullSecretsReady" && (string?)c["status"] == "True") == true;
        return ready ? registry : null;
    }

    private static async Task<T?> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, CancellationToken ct)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(200, ct);
        }

        return null;
    }

    private static async Task<bool> WaitForCountAsync(Func<int> count, int n, string what, Process operatorProcess, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var shown = -1;
        while (count() < n)
        {
            if (operatorProcess.HasExited)
            {
                Say($"pullsecret-bench: the operator exited with code {operatorProcess.ExitCode.ToString(CultureInfo.InvariantCulture)}");
                return false;
            }

            if (clock.Elapsed > timeout)
            {
                Say($"pullsecret-bench: only {count().ToString(CultureInfo.InvariantCulture)} of {n.ToString(CultureInfo.InvariantCulture)} {what} after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
                return false;
            }

            if (count() / 100 != shown)
            {
                shown = count() / 100;
                Say($"  {clock.Elapsed.TotalSeconds,6:F1} s: {count().ToString(CultureInfo.InvariantCulture)}/{n.ToString(CultureInfo.InvariantCulture)} {what}");
            }

            await Task.Delay(50, ct);
        }

        Say($"  {clock.Elapsed.TotalSeconds,6:F1} s: {n.ToString(CultureInfo.InvariantCulture)}/{n.ToString(CultureInfo.InvariantCulture)} {what}");
        return true;
    }

    /// <summary>Lets the last status writes and Events land: until the revision has not moved for 2 s (at most 20 s).</summary>
    private static async Task SettleAsync(SandboxEnvironment sandbox, CancellationToken ct)
    {
        var settled = Stopwatch.StartNew();
        var revision = sandbox.Kube.ResourceVersion;
        var still = Stopwatch.StartNew();
        while (still.Elapsed < TimeSpan.FromSeconds(2) && settled.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(100, ct);
            if (sandbox.Kube.ResourceVersion != revision)
            {
                revision = sandbox.Kube.ResourceVersion;
                still.Restart();
            }
        }
    }

    /// <summary>How many passes the pull-secret controller ran and their mean time, from the operator's /metrics.</summary>
    private static async Task<string> PassesAsync(SandboxEnvironment sandbox, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{sandbox.OperatorHttpPort.ToString(CultureInfo.InvariantCulture)}/metrics"), ct);
        double Sample(string name) => text.Split('\n')
            .Where(l => l.StartsWith(name + "{controller=\"pullsecret\"}", StringComparison.Ordinal))
            .Select(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture))
            .FirstOrDefault();
        var count = Sample("controller_runtime_reconcile_time_seconds_count");
        var sum = Sample("controller_runtime_reconcile_time_seconds_sum");
        return count == 0 ? "none" : $"{count.ToString(CultureInfo.InvariantCulture)}, mean {sum / count * 1000:F1} ms";
    }

    /// <summary>Pull Secrets whose password the registry refuses right now (the ARM emulator's data-plane check).</summary>
    private static async Task<int> CountRefusedAsync(SandboxEnvironment sandbox, string uid, string loginServer, CancellationToken ct)
    {
        var list = JsonNode.Parse(await sandbox.Api.GetStringAsync($"api/v1/secrets?labelSelector={Uri.EscapeDataString($"acr.operator.dev/registry-uid={uid},acr.operator.dev/role=pull-secret")}", ct))!;
        var refused = 0;
        foreach (var secret in list["items"]!.AsArray())
        {
            var config = JsonNode.Parse(Convert.FromBase64String((string)secret!["data"]![".dockerconfigjson"]!))!;
            var auth = config["auths"]![loginServer]!;
            refused += sandbox.Arm.CheckCredentials(loginServer, (string)auth["username"]!, (string)auth["password"]!) ? 0 : 1;
        }

        return refused;
    }

    /// <summary>The operator's successful writes in a phase, by what they wrote, and its refused attempts.</summary>
    private sealed class WriteTally
    {
        public int PullSecrets { get; set; }

        public int Credential { get; set; }

        public int ServiceAccounts { get; set; }

        public int Status { get; set; }

        public int Events { get; set; }

        public int Other { get; set; }

        public int Refused { get; set; }

        public string Describe(int n) =>
            $"pull Secrets {PerNamespace(PullSecrets, n)}, ServiceAccounts {PerNamespace(ServiceAccounts, n)}, Registry status {PerNamespace(Status, n)}, Events {PerNamespace(Events, n)}, other {PerNamespace(Other, n)}; "
            + $"credential record {Credential.ToString(CultureInfo.InvariantCulture)} in all; refused attempts (409 etc.) {Refused.ToString(CultureInfo.InvariantCulture)}";
    }
}
