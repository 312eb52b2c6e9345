using System.Text.Json.Nodes;
using AcrOperator.Runtime.Events;
using AcrOperator.Runtime.Kube;
using AcrOperator.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static AcrOperator.Tests.TestSupport.TestObjects;

namespace AcrOperator.Tests.Runtime;

public sealed class EventRecorderTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly RecordingHttpHandler _handler = new();
    private readonly EventRecorder _recorder;

    public EventRecorderTests()
        => _recorder = new EventRecorder(new KubeApiClient(new HttpClient(_handler), new Uri("https://kube.test")), _time, NullLogger<EventRecorder>.Instance, "acr-operator", "pod-1");

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task An_event_is_created_in_the_object_namespace_pointing_at_the_object()
    {
        _recorder.Record(ConfigMap("registry-1", "5"), EventType.Warning, "AzureOperationFailed", "creating the registry failed: quota exceeded");
        await _recorder.FlushAsync(TestContext.Current.CancellationToken);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/v1/namespaces/team-a/events", request.PathAndQuery);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("Warning", (string?)body["type"]);
        Assert.Equal("AzureOperationFailed", (string?)body["reason"]);
        Assert.Equal("uid-registry-1", (string?)body["involvedObject"]!["uid"]);
        Assert.Equal("ConfigMap", (string?)body["involvedObject"]!["kind"]);
        Assert.Equal(1, (int?)body["count"]);
        Assert.Equal("acr-operator", (string?)body["source"]!["component"]);
        Assert.StartsWith("registry-1.", (string?)body["metadata"]!["name"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeat_within_the_window_bumps_the_count_instead_of_creating_another_event()
    {
        var registry = ConfigMap("registry-1", "5");
        _recorder.Record(registry, EventType.Warning, "Throttled", "ARM throttled the request");
        await _recorder.FlushAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(1));
        _recorder.Record(registry, EventType.Warning, "Throttled", "ARM throttled the request");
        await _recorder.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["POST", "PATCH"], _handler.Requests.Select(r => r.Method));
        var patch = JsonNode.Parse(_handler.Requests[1].Body)!;
        Assert.Equal(2, (int?)patch["count"]);
        Assert.Equal("2026-11-27T09:01:00Z", (string?)patch["lastTimestamp"]);
    }

    [Fact]
    public async Task A_repeat_after_the_window_starts_a_new_event()
    {
        var registry = ConfigMap("registry-1", "5");
        _recorder.Record(registry, EventType.Normal, "Created", "created registry");
        await _recorder.FlushAsync(TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(11));
        _recorder.Record(registry, EventType.Normal, "Created", "created registry");
        await _recorder.FlushAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["POST", "POST"], _handler.Requests.Select(r => r.Method));
    }
}
