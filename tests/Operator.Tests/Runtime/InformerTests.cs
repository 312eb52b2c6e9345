using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using AcrOperator.Tests.TestSupport;
using static AcrOperator.Tests.TestSupport.TestObjects;

namespace AcrOperator.Tests.Runtime;

public sealed class InformerTests : IAsyncDisposable
{
    private readonly ObservableFakeTime _time = new();
    private readonly ScriptedListWatchSource _source = new();
    private readonly Informer<V1ConfigMap> _informer;
    private readonly List<string> _events = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public InformerTests()
    {
        // A fixed jitter source keeps the reconnect delays predictable: half of each backoff step.
        _informer = new Informer<V1ConfigMap>("configmaps", _source, _time, NullLogger.Instance, new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), () => 0));
        _informer.AddHandler(e =>
        {
            lock (_events)
            {
                _events.Add($"{e.Type}:{e.Current.Metadata.Name}@{e.Current.Metadata.ResourceVersion}");
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(5));
        }

        _stop.Dispose();
    }

    [Fact]
    public async Task Lists_then_watches_from_the_list_resource_version_and_keeps_the_cache_current()
    {
        _source.EnqueueList("100", ConfigMap("a", "90"), ConfigMap("b", "95"));
        Start();

        var watch = await _source.NextWatchAsync();
        await _informer.WaitForSyncAsync(TestContext.Current.CancellationToken);
        Assert.Equal("100", watch.ResourceVersion);
        Assert.Equal(2, _informer.Store.Count);

        watch.Send(WatchEventType.Added, ConfigMap("c", "101"));
        watch.Send(WatchEventType.Modified, ConfigMap("a", "102"));
        watch.Send(WatchEventType.Deleted, ConfigMap("b", "103"));
        await WaitUntilAsync(() => _informer.LastResourceVersion == "103");

        Assert.Equal(["Added:a@90", "Added:b@95", "Added:c@101", "Updated:a@102", "Deleted:b@103"], Events());
        Assert.Equal("102", _informer.Store.Get(new ObjectKey("team-a", "a"))!.Metadata.ResourceVersion);
        Assert.Null(_informer.Store.Get(new ObjectKey("team-a", "b")));
    }

    [Fact]
    public async Task The_cache_keeps_objects_without_their_managed_fields()
    {
        var listed = ConfigMap("a", "90");
        listed.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl", Operation = "Apply" }];
        var watched = ConfigMap("b", "101");
        watched.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "acr-operator", Operation = "Update" }];
        _source.EnqueueList("100", listed);
        Start();
        var watch = await _source.NextWatchAsync();

        watch.Send(WatchEventType.Added, watched);
        await WaitUntilAsync(() => _informer.LastResourceVersion == "101");

        Assert.Null(_informer.Store.Get(new ObjectKey("team-a", "a"))!.Metadata.ManagedFields);
        Assert.Null(_informer.Store.Get(new ObjectKey("team-a", "b"))!.Metadata.ManagedFields);
    }

    [Fact]
    public async Task A_bookmark_moves_the_resume_point_without_an_event()
    {
        _source.EnqueueList("100", ConfigMap("a", "90"));
        Start();
        var watch = await _source.NextWatchAsync();

        watch.Bookmark("250");
        await WaitUntilAsync(() => _informer.LastResourceVersion == "250");
        watch.Close();

        var resumed = await _source.NextWatchAsync();
        Assert.Equal("250", resumed.ResourceVersion);
        Assert.Equal(["Added:a@90"], Events());
    }

    [Fact]
    public async Task A_dropped_watch_resumes_from_the_last_seen_version_after_a_backoff_without_relisting()
    {
        _source.EnqueueList("100", ConfigMap("a", "90"));
        Start();
        var watch = await _source.NextWatchAsync();
        watch.Send(WatchEventType.Modified, ConfigMap("a", "105"));
        await WaitUntilAsync(() => _informer.LastResourceVersion == "105");

        watch.Drop();
        await _time.WaitForTimersAsync(1);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        var next = _source.NextWatchAsync();
        await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.False(next.IsCompleted, "reconnected before the backoff elapsed");

        _time.Advance(TimeSpan.FromMilliseconds(1));
        var resumed = await next;

        Assert.Equal("105", resumed.ResourceVersion);
        Assert.Equal(["list", "watch@100", "watch@105"], _source.Calls);
    }

    [Fact]
    public async Task A_410_in_the_stream_relists_and_reports_objects_deleted_meanwhile()
    {
        _source.EnqueueList("100", ConfigMap("a", "90"), ConfigMap("b", "95"));
        _source.EnqueueList("500", ConfigMap("a", "400"));
        Start();
        var watch = await _source.NextWatchAsync();

        watch.Expire();
        await _time.WaitForTimersAsync(1);
        Assert.Equal(["list", "watch@100"], _source.Calls);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var rewatch = await _source.NextWatchAsync();

        Assert.Equal("500", rewatch.ResourceVersion);
        Assert.Equal(["list", "watch@100", "list", "watch@500"], _source.Calls);
        Assert.Equal(["Added:a@90", "Added:b@95", "Updated:a@400", "Deleted:b@95"], Events());
        Assert.Equal(1, _informer.Store.Count);
    }

    [Fact]
    public async Task A_410_answer_to_the_watch_request_relists()
    {
        _source.EnqueueList("100", ConfigMap("a", "90"));
        _source.EnqueueList("600", ConfigMap("a", "90"));
        Start();
        var watch = await _source.NextWatchAsync();

        watch.RejectAsGone();
        await _time.WaitForTimersAsync(1);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var rewatch = await _source.NextWatchAsync();

        Assert.Equal("600", rewatch.ResourceVersion);
        Assert.Equal(["Added:a@90"], Events());
    }

    [Fact]
    public async Task A_resource_version_the_server_has_not_reached_relists_instead_of_retrying_it_forever()
    {
        _source.EnqueueList("900", ConfigMap("a", "890"));
        _source.EnqueueList("12", ConfigMap("a", "11"));
        Start();
        var watch = await _source.NextWatchAsync();

        // The API server was restored from an older state: resuming from 900 can never work.
        watch.RejectAsTooLarge();
        await _time.WaitForTimersAsync(1);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        var rewatch = await _source.NextWatchAsync();

        Assert.Equal("12", rewatch.ResourceVersion);
        Assert.Equal(["list", "watch@900", "list", "watch@12"], _source.Calls);
    }

    [Fact]
    public async Task Reconnect_delays_grow_while_watches_keep_failing()
    {
        _source.EnqueueList("100");
        Start();

        var watch = await _source.NextWatchAsync();
        watch.Drop();
        await _time.WaitForTimersAsync(1);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        (await _source.NextWatchAsync()).Drop();

        await _time.WaitForTimersAsync(2);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        var third = _source.NextWatchAsync();
        await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.False(third.IsCompleted, "the second reconnect should wait a full second");
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await third;
    }

    [Fact]
    public async Task A_throwing_handler_neither_stops_the_informer_nor_starves_later_handlers()
    {
        var seenByLaterHandler = new List<string>();
        _informer.AddHandler(_ => throw new InvalidOperationException("handler bug"));
        _informer.AddHandler(e =>
        {
            lock (seenByLaterHandler)
            {
                seenByLaterHandler.Add(e.Current.Metadata.Name);
            }
        });
        _source.EnqueueList("100", ConfigMap("a", "90"));
        Start();
        var watch = await _source.NextWatchAsync();

        watch.Send(WatchEventType.Added, ConfigMap("b", "101"));
        await WaitUntilAsync(() => _informer.LastResourceVersion == "101");

        lock (seenByLaterHandler)
        {
            Assert.Equal(["a", "b"], seenByLaterHandler);
        }

        Assert.Equal(["list", "watch@100"], _source.Calls);
    }

    [Fact]
    public async Task The_cache_hands_out_copies_so_a_reconciler_cannot_corrupt_it()
    {
        _source.EnqueueList("100", ConfigMap("a", "90"));
        Start();
        await _informer.WaitForSyncAsync(TestContext.Current.CancellationToken);

        var copy = _informer.Store.Get(new ObjectKey("team-a", "a"))!;
        copy.Metadata.ResourceVersion = "edited";

        Assert.Equal("90", _informer.Store.Get(new ObjectKey("team-a", "a"))!.Metadata.ResourceVersion);
    }

    private void Start() => _run = _informer.RunAsync(_stop.Token);

    private List<string> Events()
    {
        lock (_events)
        {
            return [.. _events];
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition(), "condition not reached within 5 s");
    }
}
