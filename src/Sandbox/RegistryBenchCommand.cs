using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm;
using static AcrOperator.Sandbox.Bench.BenchFigures;
using static AcrOperator.Sandbox.SandboxEnvironment;

namespace AcrOperator.Sandbox;

/// <summary>
/// <c>registry-bench</c> (issue 5, Performance): the sandbox's emulators and operator process, N Registry objects
/// created at once against an ARM emulator whose registry writes take L seconds each, and the figures the issue sets
/// targets for, each printed with its target and PASS or MISS. A benchmark, not a test: the exit code reports errors
/// (not all Ready before the timeout, the operator exiting), never a missed target.
/// </summary>
internal static class RegistryBenchCommand
{
    public const string Usage = "registry-bench [--registries N] [--operation-seconds L] [--timeout S]";

    private const string ResourceGroup = "rg-bench";
    private const string Location = "westeurope";
    private const string Namespace = "default";
    private const string RegistryType = "Microsoft.ContainerRegistry/registries";
    private const double RssTargetMiB = 100;
    private const double ArmCallsTarget = 4;
    private const double KubeWritesTarget = 3;
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(5);

    /// <summary>The operator's default resync jitter: a resync comes at most this fraction later than the interval.</summary>
    private const double ResyncJitter = 0.1;

    private static readonly string[] Methods = ["GET", "PUT", "PATCH", "POST", "DELETE"];

    public static async Task<int> RunAsync(string[] args)
    {
        var registries = 500;
        var operationSeconds = 5;
        int? timeoutSeconds = null;
        for (var i = 0; i < args.Length; i++)
        {
            var ok = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0;
            switch (args[i])
            {
                case "--registries" when ok:
                    registries = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--operation-seconds" when ok:
                    operationSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--timeout" when ok:
                    timeoutSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                default:
                    await Console.Error.WriteLineAsync($"registry-bench: unknown or incomplete option '{args[i]}'");
                    await Console.Error.WriteLineAsync("usage: acr-sandbox " + Usage);
                    return 2;
            }
        }

        var root = FindRepositoryRoot();
        if (root is null)
        {
            await Console.Error.WriteLineAsync("registry-bench: no Operator.sln above the current directory or the program; run it inside the repository");
            return 2;
        }

        var operation = TimeSpan.FromSeconds(operationSeconds);
        var readyTarget = 2 * operation + TimeSpan.FromSeconds(10);
        // By default wait far longer than the target, so a miss is measured rather than cut off.
        var timeout = timeoutSeconds is { } t ? TimeSpan.FromSeconds(t) : TimeSpan.FromSeconds(Math.Max(120, 10 * readyTarget.TotalSeconds));

        using var shutdown = new ShutdownSignal();
        var armOptions = new ArmServerOptions
        {
            OperationDuration = operation,
            // Generous enough that N creates (a PUT and a few GETs each) are never throttled; 429s are still counted.
            Throttling = new ArmThrottleOptions
            {
                ReadCapacity = Math.Max(250, 20 * registries),
                ReadRefillPerSecond = Math.Max(25, 4 * registries),
                WriteCapacity = Math.Max(200, 4 * registries),
                WriteRefillPerSecond = Math.Max(10, registries),
            },
        };

        Say("registry-bench");
        Say($"machine: {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {BuildConfiguration} build{(BuildConfiguration == "Release" ? "" : " (figures are not representative; use -c Release)")}");
        Say($"options: registries N={registries.ToString(CultureInfo.InvariantCulture)}, operation L={operationSeconds.ToString(CultureInfo.InvariantCulture)} s (PUT/PATCH/DELETE of registries: Azure-AsyncOperation), timeout {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s, resync {ResyncInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s, leader election off, default MaxConcurrentReconciles");
        try
        {
            await using var sandbox = await SandboxEnvironment.StartAsync(root, armOptions, shutdown.Token);
            return await RunAsync(sandbox, registries, operation, readyTarget, timeout, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsSignalled)
        {
            Say("registry-bench: interrupted");
            return 1;
        }
    }

    private static async Task<int> RunAsync(SandboxEnvironment sandbox, int n, TimeSpan operation, TimeSpan readyTarget, TimeSpan timeout, CancellationToken ct)
    {
        sandbox.Arm.Completion.Set(RegistryType, ArmCompletionStyle.AzureAsyncOperation);
        var kinds = await sandbox.InstallCrdsAsync(ct);
        var kind = kinds["Registry"];
        await sandbox.CreateResourceGroupAsync(ResourceGroup, Location, ct);
        await sandbox.CreateOperatorNamespaceAsync(ct);
        var dll = await sandbox.LocateOperatorAsync(ct);
        if (dll is null)
        {
            return 1;
        }

        var operatorProcess = sandbox.StartOperator(dll, new Dictionary<string, string>
        {
            ["Operator__LeaderElect"] = "false",
            ["Operator__Registry__ResyncInterval"] = ResyncInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Operator__Registry__ResyncJitter"] = ResyncJitter.ToString(CultureInfo.InvariantCulture),
        });
        Say($"operator: pid {operatorProcess.Id.ToString(CultureInfo.InvariantCulture)}, {dll}; its output goes to {sandbox.OperatorLogPath}");
        if (!await sandbox.WaitForOperatorReadyAsync(TimeSpan.FromSeconds(60), ct))
        {
            Say($"registry-bench: the operator did not become ready (/readyz) within 60 s; see {sandbox.OperatorLogPath}");
            return 1;
        }

        // Count from here: only what the N creates cause.
        sandbox.Arm.RequestLog.Clear();
        var collection = kind.CollectionPath(Namespace);
        var revisionBefore = sandbox.Kube.ResourceVersion;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            var name = $"bench-{i.ToString("D4", CultureInfo.InvariantCulture)}";
            var registry = new JsonObject
            {
                ["apiVersion"] = $"{kind.Group}/{kind.Version}",
                ["kind"] = kind.Kind,
                ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = Namespace },
                ["spec"] = new JsonObject
                {
                    ["azureName"] = AzureName(i),
                    ["resourceGroup"] = ResourceGroup,
                    ["location"] = Location,
                    ["sku"] = "Basic",
                },
            };
            await SendAsync(sandbox.Api, HttpMethod.Post, collection, registry, token);
        });
        var created = clock.Elapsed;
        Say($"created {n.ToString(CultureInfo.InvariantCulture)} Registry objects in {created.TotalSeconds:F1} s");

        // Wait for all Ready, noting when each registry was first seen Ready (the emulator logs requests on the same clock).
        var lastShown = -1;
        TimeSpan? allReady = null;
        var readySince = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        while (allReady is null)
        {
            var readyNames = await ReadyNamesAsync(sandbox.Api, collection, ct);
            var seen = DateTimeOffset.UtcNow;
            foreach (var name in readyNames)
            {
                readySince.TryAdd(AzureName(name), seen);
            }

            var ready = readyNames.Count;
            if (ready != lastShown)
            {
                Say($"  {clock.Elapsed.TotalSeconds,6:F1} s: {ready.ToString(CultureInfo.InvariantCulture)}/{n.ToString(CultureInfo.InvariantCulture)} Ready");
                lastShown = ready;
            }

            if (ready >= n)
            {
                allReady = clock.Elapsed;
                break;
            }

            if (operatorProcess.HasExited)
            {
                Say($"registry-bench: the operator exited with code {operatorProcess.ExitCode.ToString(CultureInfo.InvariantCulture)}; see {sandbox.OperatorLogPath}");
                return 1;
            }

            if (clock.Elapsed > timeout)
            {
                Say($"registry-bench: only {ready.ToString(CultureInfo.InvariantCulture)} of {n.ToString(CultureInfo.InvariantCulture)} Ready after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s; see {sandbox.OperatorLogPath}");
                PrintArmCalls(sandbox.Arm.RequestLog.Entries, n, "ARM calls so far");
                return 1;
            }

            await Task.Delay(250, ct);
        }

        // Let the last status writes and Events land: until the revision has not moved for 2 s (at most 30 s).
        var settled = Stopwatch.StartNew();
        var revision = sandbox.Kube.ResourceVersion;
        var still = Stopwatch.StartNew();
        while (still.Elapsed < TimeSpan.FromSeconds(2) && settled.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, ct);
            if (sandbox.Kube.ResourceVersion != revision)
            {
                revision = sandbox.Kube.ResourceVersion;
                still.Restart();
            }
        }

        var convergence = sandbox.Arm.RequestLog.Entries;
        var kubeWrites = revision - revisionBefore - n;
        // Which objects the writes went to, from the watch history between the two revisions: the Registry writes
        // (finalizer, status) and the Event writes (creates, and count bumps of repeats) have different floors.
        var registryChanges = await CountChangesAsync(sandbox.Api, collection, revisionBefore, revision, ct);
        var eventChanges = await CountChangesAsync(sandbox.Api, "api/v1/events", revisionBefore, revision, ct);
        var registryWrites = registryChanges.Modified;
        var eventWrites = eventChanges.Added + eventChanges.Modified;
        var otherWrites = kubeWrites - registryWrites - eventWrites;

        // Quiet period: two resync intervals (and their jitter) with nothing changed.
        var quiet = 2 * ResyncInterval * (1 + ResyncJitter) + TimeSpan.FromSeconds(1);
        Say($"quiet period: {quiet.TotalSeconds:F1} s (two resyncs of {ResyncInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s plus jitter)");
        var quietStart = convergence.Count;
        var quietRevision = sandbox.Kube.ResourceVersion;
        await Task.Delay(quiet, ct);
        var quietEntries = sandbox.Arm.RequestLog.Entries.Skip(quietStart).ToList();
        var quietArmWrites = quietEntries.Count(e => e.Method != "GET" && e.Method != "HEAD");
        var quietArmReads = quietEntries.Count - quietArmWrites;
        var quietKubeWrites = sandbox.Kube.ResourceVersion - quietRevision;
        var peakRss = PeakRssMiB(operatorProcess);

        Say("");
        Say($"results (N={n.ToString(CultureInfo.InvariantCulture)}, L={operation.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s)");
        Line("time from first create to all Ready", $"{allReady.Value.TotalSeconds:F1} s", $"<= {readyTarget.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (2L + 10 s)", allReady.Value <= readyTarget);
        // A registry's calls until it was seen Ready are what converging it cost. Calls after that, while others were
        // still converging, are resync reads (the bench's resync is 5 s, not 10 min), counted apart, as in the quiet period.
        var untilReady = convergence.Where(e => RegistryOf(e) is { } r && readySince.TryGetValue(r, out var at) && e.Time <= at).ToList();
        var afterReady = convergence.Where(e => RegistryOf(e) is { } r && readySince.TryGetValue(r, out var at) && e.Time > at).ToList();
        var otherCalls = convergence.Count - untilReady.Count - afterReady.Count;
        var armPerRegistry = (double)untilReady.Count / n;
        Line("ARM calls per registry until Ready", armPerRegistry.ToString("F2", CultureInfo.InvariantCulture), $"<= {ArmCallsTarget.ToString(CultureInfo.InvariantCulture)}", armPerRegistry <= ArmCallsTarget);
        PrintArmCalls(untilReady, n, "  by method");
        Say($"  besides: {afterReady.Count.ToString(CultureInfo.InvariantCulture)} calls to registries already Ready while others converged ({afterReady.Count(e => e.Method == "GET").ToString(CultureInfo.InvariantCulture)} GETs: resync reads), {otherCalls.ToString(CultureInfo.InvariantCulture)} to nothing of the bench's; {convergence.Count.ToString(CultureInfo.InvariantCulture)} ARM calls in all ({PerRegistry(convergence.Count, n)} per registry)");
        var kubePerRegistry = (double)kubeWrites / n;
        Line("Kubernetes writes per registry", kubePerRegistry.ToString("F2", CultureInfo.InvariantCulture), $"<= {KubeWritesTarget.ToString(CultureInfo.InvariantCulture)}", kubePerRegistry <= KubeWritesTarget);
        Say($"  {PerRegistry(registryWrites, n)} to Registry objects (finalizer and status patches) + {PerRegistry(eventWrites, n)} to Events ({eventChanges.Added.ToString(CultureInfo.InvariantCulture)} created, {eventChanges.Modified.ToString(CultureInfo.InvariantCulture)} repeat counts){(otherWrites != 0 ? $" + {PerRegistry(otherWrites, n)} to other objects" : "")}");
        Say($"  {kubeWrites.ToString(CultureInfo.InvariantCulture)} writes by the operator (resourceVersion delta less the {n.ToString(CultureInfo.InvariantCulture)} creates)");
        Say("  floor for a create that Azure runs asynchronously: Registry 3 (finalizer before the create, status.operation after it, Ready) + Events 1 (one per Azure write)");
        Line("ARM writes in the quiet period", quietArmWrites.ToString(CultureInfo.InvariantCulture), "0", quietArmWrites == 0);
        Say($"  ARM reads in the quiet period: {quietArmReads.ToString(CultureInfo.InvariantCulture)} ({((double)quietArmReads / n).ToString("F2", CultureInfo.InvariantCulture)} per registry)");
        Line("Kubernetes writes in the quiet period", quietKubeWrites.ToString(CultureInfo.InvariantCulture), "0", quietKubeWrites == 0);
        Line("operator peak RSS (VmHWM)", peakRss is { } rss ? $"{rss:F1} MiB" : "unknown", $"<= {RssTargetMiB.ToString(CultureInfo.InvariantCulture)} MiB", peakRss is { } r && r <= RssTargetMiB);
        var throttled = sandbox.Arm.RequestLog.Entries.Count(e => e.Status == 429);
        Say($"ARM 429 responses: {throttled.ToString(CultureInfo.InvariantCulture)}{(throttled > 0 ? " (the emulator throttled; figures include the retries)" : "")}");
        return 0;
    }

    private static void PrintArmCalls(IReadOnlyList<Arm.Diagnostics.ArmRequestLogEntry> entries, int n, string title)
    {
        var byMethod = Methods.Select(m => $"{m} {PerRegistry(entries.Count(e => e.Method == m), n)}");
        Say($"{title}: {string.Join(", ", byMethod)} (total {entries.Count.ToString(CultureInfo.InvariantCulture)})");
        // The router names an operation-status poll after the registry type too; the path tells them apart.
        var gets = entries.Where(e => e.Method == "GET")
            .GroupBy(e => e.Path.Contains("/operationStatuses/", StringComparison.OrdinalIgnoreCase) || e.Path.Contains("/operationResults/", StringComparison.OrdinalIgnoreCase)
                ? "operation polls"
                : e.Operation ?? "(no route)")
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key} {PerRegistry(g.Count(), n)}");
        Say($"  GETs by route: {string.Join(", ", gets)}");
    }

    private static string PerRegistry(long count, int n) => ((double)count / n).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>
    /// Replays the watch history of <paramref name="collection"/> after <paramref name="fromRevision"/> and counts the
    /// changes up to <paramref name="toRevision"/> by type. The watch ends by itself (timeoutSeconds).
    /// </summary>
    private static async Task<(int Added, int Modified, int Deleted)> CountChangesAsync(HttpClient api, string collection, long fromRevision, long toRevision, CancellationToken ct)
    {
        var url = $"{collection}?watch=true&timeoutSeconds=1&resourceVersion={fromRevision.ToString(CultureInfo.InvariantCulture)}";
        using var response = await api.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var (added, modified, deleted) = (0, 0, 0);
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            var change = JsonNode.Parse(line);
            var revision = long.TryParse((string?)change?["object"]?["metadata"]?["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : long.MaxValue;
            if (revision > toRevision)
            {
                continue;
            }

            switch ((string?)change?["type"])
            {
                case "ADDED":
                    added++;
                    break;
                case "MODIFIED":
                    modified++;
                    break;
                case "DELETED":
                    deleted++;
                    break;
            }
        }

        return (added, modified, deleted);
    }

    private static async Task<List<string>> ReadyNamesAsync(HttpClient api, string collection, CancellationToken ct)
    {
        var list = JsonNode.Parse(await api.GetStringAsync(collection, ct))!;
        return list["items"]!.AsArray()
            .Where(item => (item?["status"]?["conditions"] as JsonArray)?.Any(c => (string?)c?["type"] == "Ready" && (string?)c["status"] == "True") == true)
            .Select(item => (string)item!["metadata"]!["name"]!)
            .ToList();
    }

    private static string AzureName(int index) => $"acrbench{index.ToString("D4", CultureInfo.InvariantCulture)}";

    /// <summary>The Azure name of Registry object <c>bench-NNNN</c>.</summary>
    private static string AzureName(string name) => AzureName(int.Parse(name.AsSpan("bench-".Length), CultureInfo.InvariantCulture));

    /// <summary>The Azure name of the bench registry a request was about (its polls included), or null.</summary>
    private static string? RegistryOf(Arm.Diagnostics.ArmRequestLogEntry entry)
    {
        const string marker = "/registries/";
        var at = entry.Path.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var name = entry.Path.AsSpan(at + marker.Length);
        var end = name.IndexOfAny('/', '?');
        return (end < 0 ? name : name[..end]).ToString();
    }

    /// <summary>The process's peak resident set (VmHWM of /proc/PID/status) in MiB, or null where there is no procfs.</summary>
    private static double? PeakRssMiB(Process process)
    {
        var path = $"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status";
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kb = line?["VmHWM:".Length..].Trim().Split(' ')[0];
        return long.TryParse(kb, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value / 1024.0 : null;
    }

    private static async Task<int> CountAsync(HttpClient api, string collection, CancellationToken ct) =>
        JsonNode.Parse(await api.GetStringAsync(collection, ct))!["items"]!.AsArray().Count;
}
