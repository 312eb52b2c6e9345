using System.Net;
using System.Net.Sockets;
using System.Text;
using AcrOperator.Observability;
using AcrOperator.Runtime.Manager;
using AcrOperator.Tests.Integration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace AcrOperator.Tests.Observability;

/// <summary>
/// The operator's own HTTP surface (it replaced Kestrel): the answers probes and scrapers rely on, and the
/// refusals that keep a misbehaving client from holding or bloating a connection.
/// </summary>
public sealed class HttpEndpointsTests : IAsyncLifetime
{
    private readonly ControllerManager _manager = new(NullLogger<ControllerManager>.Instance);
    private readonly CollectorRegistry _metrics = Metrics.NewCustomRegistry();
    private readonly CancellationTokenSource _managerStop = new();
    private HttpEndpoints _endpoints = null!;
    private HttpClient _http = null!;
    private Task? _managerRun;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Metrics.WithCustomRegistry(_metrics).CreateCounter("acr_test_marker_total", "A metric only this test registers.").Inc(3);
        _endpoints = new HttpEndpoints(Options.Create(new OperatorOptions { HttpPort = 0 }), new ManagerHealthCheck(_manager), _metrics, NullLogger<HttpEndpoints>.Instance);
        await _endpoints.StartAsync(Ct);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_endpoints.Port}/") };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _endpoints.StopAsync(CancellationToken.None);
        _endpoints.Dispose();
        await _managerStop.CancelAsync();
        if (_managerRun is not null)
        {
            await _managerRun.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        }

        _managerStop.Dispose();
    }

    [Fact]
    public async Task Liveness_answers_at_once_and_readiness_follows_the_manager()
    {
        Assert.NotEqual(0, _endpoints.Port);
        using (var live = await _http.GetAsync("healthz", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("Healthy", await live.Content.ReadAsStringAsync(Ct));
        }

        // Standby (waiting for the lease) is ready: a standby replica must not hold up a rollout.
        Assert.Equal(HttpStatusCode.OK, await ReadinessAsync());

        // Leading with a cache still filling is not ready.
        var cache = new GatedCache();
        _manager.AddCache(cache);
        _managerRun = _manager.RunAsync(_managerStop.Token);
        await Eventually.TrueAsync(() => _manager.State == ManagerState.Syncing);
        using (var notYet = await _http.GetAsync("readyz", Ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notYet.StatusCode);
            Assert.Equal("Unhealthy", await notYet.Content.ReadAsStringAsync(Ct));
            Assert.True(notYet.Headers.CacheControl?.NoStore, "a readiness answer must not be cached");
        }

        cache.Sync();
        await Eventually.TrueAsync(async () => await ReadinessAsync() == HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_are_served_in_the_Prometheus_text_format_and_a_query_string_is_ignored()
    {
        using var response = await _http.GetAsync("metrics?name[]=x", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("acr_test_marker_total 3", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_paths_are_404_other_methods_405_and_HEAD_has_no_body()
    {
        using (var missing = await _http.GetAsync("debug/pprof", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        using (var post = await _http.PostAsync("healthz", new StringContent("x"), Ct))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
            Assert.Contains("GET", post.Content.Headers.Allow);
        }

        using var head = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "healthz"), Ct);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task A_malformed_or_oversized_request_head_gets_400_and_the_connection_is_closed()
    {
        Assert.StartsWith("HTTP/1.1 400 ", await RawAsync("NONSENSE\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 400 ", await RawAsync("GET /healthz HTTP/1.1\r\nX-Padding: " + new string('a', 10_000) + "\r\n\r\n"), StringComparison.Ordinal);
    }

    /// <summary>Sends <paramref name="request"/> on a raw socket and reads until the server closes the connection.</summary>
    private async Task<string> RawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, _endpoints.Port, Ct);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request), Ct);
        }
        catch (IOException)
        {
            // The server may refuse and close before an oversized head is fully sent; its answer is still readable.
        }

        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadToEndAsync(Ct).WaitAsync(TimeSpan.FromSeconds(15), Ct);
    }

    private async Task<HttpStatusCode> ReadinessAsync()
    {
        using var response = await _http.GetAsync("readyz", Ct);
        return response.StatusCode;
    }

    /// <summary>A cache that reports synced only when the test says so.</summary>
    private sealed class GatedCache : IRunnable, ISyncable
    {
        private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => "gated";

        public bool HasSynced => _synced.Task.IsCompleted;

        public void Sync() => _synced.SetResult();

        public Task RunAsync(CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);
    }
}
