using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using AcrOperator.Sandbox.Bench;
using AcrOperator.Sandbox.KubeApi;

namespace AcrOperator.Sandbox;

/// <summary>
/// <c>kube-api-bench</c>: starts the emulator in-process on loopback and drives it over real HTTP, printing writes/s,
/// reads/s and watch fan-out delays. Every phase is bounded in count and time; the exit code reports failures
/// (errors, missed events), never slowness.
/// </summary>
internal static class KubeApiBenchCommand
{
    public const string Usage =
        "kube-api-bench [--writes N] [--watchers N] [--seconds N] [--events N] [--clients N] [--managed-fields on|off]";

    private const int Namespaces = 4;
    private const int WarmupWrites = 600;
    private static readonly TimeSpan EventInterval = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } settings)
        {
            await Console.Error.WriteLineAsync("usage: acr-sandbox " + Usage);
            return 2;
        }

        Print("kube-api-bench");
        Print($"machine: {Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, {GcMode()}, {BuildConfiguration}");
        Print($"options: writes={settings.Writes} watchers={settings.Watchers} seconds={settings.Seconds} events={settings.Events} clients={settings.Clients} managed-fields={(settings.ManagedFields ? "on" : "off")}");

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(settings.Seconds * 4 + 30));
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { TrackManagedFields = settings.ManagedFields }, stopping.Token);
        using var http = NewClient(server.BaseAddress, settings.Clients);
        var failures = 0;
        foreach (var ns in Enumerable.Range(0, Namespaces).Select(NamespaceName).Append("bench-fanout"))
        {
            failures += await SendAsync(http, HttpMethod.Post, "/api/v1/namespaces", $$$"""{"metadata":{"name":"{{{ns}}}"}}""", "application/json", stopping.Token) ? 0 : 1;
        }

        await WritePhaseAsync(http, settings with { Writes = WarmupWrites }, "warm", stopping.Token);
        var writes = await WritePhaseAsync(http, settings, "cm", stopping.Token);
        failures += writes.Errors;
        Print($"writes: {writes.Summary}");
        foreach (var line in writes.Details)
        {
            Print("  " + line);
        }

        var reads = await ReadPhaseAsync(http, settings, writes.Created, stopping.Token);
        failures += reads.Errors;
        Print($"reads: {reads.Summary}");
        foreach (var line in reads.Details)
        {
            Print("  " + line);
        }

        failures += await FanOutPhaseAsync(server.BaseAddress, http, settings, stopping.Token);
        Print(failures == 0 ? "result: ok" : $"result: FAILED ({failures.ToString(CultureInfo.InvariantCulture)} errors or missed events)");
        return failures == 0 ? 0 : 1;
    }

    private static string BuildConfiguration =>
#if DEBUG
        "Debug build (figures are not representative)";
#else
        "Release build";
#endif

    private static Settings? Parse(string[] args)
    {
        var settings = new Settings(Writes: 30_000, Watchers: 1000, Seconds: 5, Events: 50, Clients: 8, ManagedFields: true);
        for (var i = 0; i < args.Length; i++)
        {
            if (i + 1 >= args.Length)
            {
                return null;
            }

            var value = args[++i];
            if (args[i - 1] == "--managed-fields")
            {
                if (value is not ("on" or "off"))
                {
                    return null;
                }

                settings = settings with { ManagedFields = value == "on" };
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number <= 0)
            {
                return null;
            }

            settings = args[i - 1] switch
            {
                "--writes" => settings with { Writes = number },
                "--watchers" => settings with { Watchers = number },
                "--seconds" => settings with { Seconds = number },
                "--events" => settings with { Events = number },
                "--clients" => settings with { Clients = number },
                _ => null,
            };
            if (settings is null)
            {
                return null;
            }
        }

        return settings;
    }

    private static string GcMode() =>
        (GCSettings.IsServerGC ? "Server GC" : "Workstation GC")
        + (GCSettings.LatencyMode == GCLatencyMode.Batch ? " (background GC off)" : " (background GC on)");

    private static HttpClient NewClient(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        UseProxy = false,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private static string NamespaceName(int index) => "bench-" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Each client cycles create (POST), update (PUT) and merge patch (PATCH) over its own ConfigMaps, spread over
    /// the namespaces, until <see cref="Settings.Writes"/> are issued or the time is up.
    /// </summary>
    private static async Task<PhaseResult> WritePhaseAsync(HttpClient http, Settings settings, string prefix, CancellationToken cancellationToken)
    {
        var issued = 0;
        var deadline = Stopwatch.GetTimestamp() + (settings.Seconds * Stopwatch.Frequency);
        var verbs = new[] { "create", "update", "patch" };
        var cost = PhaseCost.Start();
        var started = Stopwatch.GetTimestamp();
        var clients = await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(client => Task.Run(async () =>
        {
            var samples = verbs.Select(_ => new LatencySamples()).ToArray();
            var created = new List<string>();
            var errors = 0;
            for (var step = 0; Interlocked.Increment(ref issued) <= settings.Writes && Stopwatch.GetTimestamp() < deadline; step++)
            {
                var index = step / 3;
                var ns = NamespaceName((client + index) % Namespaces);
                var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{client}-{index}");
                var collection = $"/api/v1/namespaces/{ns}/configmaps";
                var begin = Stopwatch.GetTimestamp();
                var ok = (step % 3) switch
                {
                    0 => await SendAsync(http, HttpMethod.Post, collection, ConfigMap(name, step), "application/json", cancellationToken),
                    1 => await SendAsync(http, HttpMethod.Put, collection + "/" + name, ConfigMap(name, step), "application/json", cancellationToken),
                    _ => await SendAsync(http, HttpMethod.Patch, collection + "/" + name, $$$"""{"data":{"value":"patched-{{{step}}}"}}""", "application/merge-patch+json", cancellationToken),
                };
                samples[step % 3].Add(Stopwatch.GetTimestamp() - begin);
                errors += ok ? 0 : 1;
                if (ok && step % 3 == 0)
                {
                    created.Add(collection + "/" + name);
                }
            }

            return (Samples: samples, Created: created, Errors: errors);
        }, cancellationToken)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return Summarise(verbs, clients.Select(c => c.Samples).ToArray(), clients.Sum(c => c.Errors), seconds, cost.Stop(), [.. clients.SelectMany(c => c.Created)]);
    }

    /// <summary>Half GETs of single objects written before, half LISTs of a namespace in pages of 10.</summary>
    private static async Task<PhaseResult> ReadPhaseAsync(HttpClient http, Settings settings, List<string> objects, CancellationToken cancellationToken)
    {
        var issued = 0;
        var deadline = Stopwatch.GetTimestamp() + (settings.Seconds * Stopwatch.Frequency);
        var verbs = new[] { "get", "list (limit=10)" };
        var cost = PhaseCost.Start();
        var started = Stopwatch.GetTimestamp();
        var clients = await Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(client => Task.Run(async () =>
        {
            var samples = verbs.Select(_ => new LatencySamples()).ToArray();
            var errors = 0;
            var random = new Random(client);
            for (var step = 0; Interlocked.Increment(ref issued) <= settings.Writes && Stopwatch.GetTimestamp() < deadline; step++)
            {
                var path = step % 2 == 0 && objects.Count > 0
                    ? objects[random.Next(objects.Count)]
                    : $"/api/v1/namespaces/{NamespaceName(random.Next(Namespaces))}/configmaps?limit=10";
                var begin = Stopwatch.GetTimestamp();
                errors += await SendAsync(http, HttpMethod.Get, path, null, null, cancellationToken) ? 0 : 1;
                samples[step % 2].Add(Stopwatch.GetTimestamp() - begin);
            }

            return (Samples: samples, Errors: errors);
        }, cancellationToken)));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return Summarise(verbs, clients.Select(c => c.Samples).ToArray(), clients.Sum(c => c.Errors), seconds, cost.Stop(), []);
    }

    /// <summary>
    /// Besides rates and latencies, the process CPU time per request (server and client together): on a machine shared
    /// with other work it moves less than the rate does, so it shows whether a change made the work itself cheaper.
    /// </summary>
    private static PhaseResult Summarise(string[] verbs, LatencySamples[][] perClient, int errors, double seconds, PhaseCost cost, List<string> created)
    {
        var all = new LatencySamples();
        var details = new List<string>();
        for (var v = 0; v < verbs.Length; v++)
        {
            var verb = new LatencySamples();
            foreach (var client in perClient)
            {
                verb.AddRange(client[v]);
            }

            all.AddRange(verb);
            details.Add($"{verbs[v]}: {verb.Count.ToString(CultureInfo.InvariantCulture)}  {verb.Summary()}");
        }

        var rate = all.Count / seconds;
        var summary = string.Create(CultureInfo.InvariantCulture, $"{all.Count} in {seconds:0.00} s = {rate:0}/s  {all.Summary()}  errors {errors}");
        details.Add(cost.Describe(all.Count));
        return new PhaseResult(summary, details, errors, created);
    }

    /// <summary>
    /// Opens the watches on one collection, then creates ConfigMaps one at a time at a steady pace, and measures for
    /// every watcher and event the time from the write's response to the event's arrival. Returns the misses.
    /// </summary>
    private static async Task<int> FanOutPhaseAsync(Uri baseAddress, HttpClient http, Settings settings, CancellationToken cancellationToken)
    {
        const string collection = "/api/v1/namespaces/bench-fanout/configmaps";
        using var watchHttp = NewClient(baseAddress, settings.Watchers);
        watchHttp.Timeout = Timeout.InfiniteTimeSpan;
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watchers = new FanOutWatcher[settings.Watchers];
        var readers = new List<Task>(settings.Watchers);
        var responses = new List<HttpResponseMessage>(settings.Watchers);
        var opening = Stopwatch.GetTimestamp();
        try
        {
            for (var first = 0; first < settings.Watchers; first += 100)
            {
                var batch = Enumerable.Range(first, Math.Min(100, settings.Watchers - first)).Select(async w =>
                {
                    watchers[w] = new FanOutWatcher(settings.Events);
                    var response = await watchHttp.GetAsync(collection + "?watch=true&timeoutSeconds=600", HttpCompletionOption.ResponseHeadersRead, closing.Token);
                    response.EnsureSuccessStatusCode();
                    var stream = await response.Content.ReadAsStreamAsync(closing.Token);
                    return (response, reader: watchers[w].ReadAsync(stream, closing.Token));
                });
                foreach (var (response, reader) in await Task.WhenAll(batch))
                {
                    responses.Add(response);
                    readers.Add(reader);
                }
            }

            Print(string.Create(CultureInfo.InvariantCulture, $"watch fan-out: {settings.Watchers} watches open in {Stopwatch.GetElapsedTime(opening).TotalSeconds:0.00} s; {settings.Events} creates, one every {EventInterval.TotalMilliseconds:0} ms"));
            var responded = new long[settings.Events];
            var errors = 0;
            var cost = PhaseCost.Start();
            var pace = Stopwatch.GetTimestamp();
            for (var k = 0; k < settings.Events; k++)
            {
                var name = "fan-" + k.ToString(CultureInfo.InvariantCulture);
                errors += await SendAsync(http, HttpMethod.Post, collection, ConfigMap(name, k), "application/json", cancellationToken) ? 0 : 1;
                responded[k] = Stopwatch.GetTimestamp();
                var wait = Stopwatch.GetElapsedTime(pace) - (EventInterval * (k + 1));
                if (wait < TimeSpan.Zero)
                {
                    await Task.Delay(-wait, cancellationToken);
                }
            }

            var drainUntil = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
            while (watchers.Any(w => w.Received < settings.Events) && Stopwatch.GetTimestamp() < drainUntil)
            {
                await Task.Delay(10, cancellationToken);
            }

            var spent = cost.Stop();
            var delays = new LatencySamples();
            long misses = 0;
            foreach (var watcher in watchers)
            {
                for (var k = 0; k < settings.Events; k++)
                {
                    var arrived = watcher.Arrivals[k];
                    if (arrived == 0)
                    {
                        misses++;
                    }
                    else
                    {
                        // An event can beat the write's own response to the client; that counts as no delay.
                        delays.Add(Math.Max(0, arrived - responded[k]));
                    }
                }
            }

            var expected = (long)settings.Watchers * settings.Events;
            Print(string.Create(CultureInfo.InvariantCulture, $"  delay write response -> event received: {delays.Summary(withMax: true)}"));
            Print(string.Create(CultureInfo.InvariantCulture, $"  events received {expected - misses}/{expected}, missed {misses}, write errors {errors}"));

            // Per event delivered to one watcher: the fan-out work, which the delays alone mix with the machine's load.
            Print("  " + spent.Describe((int)Math.Min(int.MaxValue, expected - misses)).Replace("per request", "per delivered event", StringComparison.Ordinal));
            return (int)Math.Min(int.MaxValue, misses + errors);
        }
        catch (HttpRequestException e)
        {
            Print($"watch fan-out: FAILED opening watches: {e.Message}");
            return 1;
        }
        finally
        {
            await closing.CancelAsync();
            await Task.WhenAll(readers);
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    private static string ConfigMap(string name, int step) =>
        $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}","labels":{"app":"bench"}},"data":{"value":"v-{{{step}}}","other":"constant"}}""";

    private static async Task<bool> SendAsync(HttpClient http, HttpMethod method, string path, string? body, string? contentType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created;
    }

    private static void Print(string line) => Console.Out.WriteLine(line);

    private sealed record Settings(int Writes, int Watchers, int Seconds, int Events, int Clients, bool ManagedFields);

    private sealed record PhaseResult(string Summary, List<string> Details, int Errors, List<string> Created);
}
