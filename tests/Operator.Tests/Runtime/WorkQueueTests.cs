using AcrOperator.Runtime.Queue;
using Microsoft.Extensions.Time.Testing;

namespace AcrOperator.Tests.Runtime;

public sealed class WorkQueueTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue<string> _queue;

    public WorkQueueTests() => _queue = new WorkQueue<string>(_time, new ExponentialBackoffRateLimiter<string>());

    public void Dispose() => _queue.Dispose();

    [Fact]
    public async Task A_key_added_many_times_is_queued_once()
    {
        _queue.Add("a");
        _queue.Add("b");
        _queue.Add("a");
        _queue.Add("a");

        Assert.Equal(2, _queue.Count);
        Assert.Equal("a", (await _queue.GetAsync(TestContext.Current.CancellationToken)).Key);
        Assert.Equal("b", (await _queue.GetAsync(TestContext.Current.CancellationToken)).Key);
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public async Task A_key_added_while_being_processed_waits_for_done_and_is_not_handed_to_a_second_worker()
    {
        _queue.Add("a");
        var first = await _queue.GetAsync(TestContext.Current.CancellationToken);

        _queue.Add("a");
        Assert.Equal(0, _queue.Count);

        var secondWorker = _queue.GetAsync(TestContext.Current.CancellationToken).AsTask();
        await Task.Yield();
        Assert.False(secondWorker.IsCompleted);

        _queue.Done(first.Key);
        var second = await secondWorker.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal("a", second.Key);
    }

    [Fact]
    public async Task Done_without_a_new_add_does_not_requeue()
    {
        _queue.Add("a");
        var item = await _queue.GetAsync(TestContext.Current.CancellationToken);
        _queue.Done(item.Key);

        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public void AddAfter_makes_the_key_ready_only_when_its_time_comes()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        Assert.Equal(0, _queue.Count);
        Assert.Equal(1, _queue.DelayedCount);

        _time.Advance(TimeSpan.FromSeconds(9.999));
        Assert.Equal(0, _queue.Count);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _queue.Count);
        Assert.Equal(0, _queue.DelayedCount);
    }

    [Fact]
    public void The_earliest_of_several_delayed_adds_wins_and_the_key_is_queued_once()
    {
        _queue.AddAfter("a", TimeSpan.FromMinutes(10));
        _queue.AddAfter("a", TimeSpan.FromSeconds(5));
        _queue.AddAfter("a", TimeSpan.FromMinutes(1));

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, _queue.Count);

        _time.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(1, _queue.Count);
    }

    [Fact]
    public void Delayed_keys_come_due_in_deadline_order()
    {
        _queue.AddAfter("late", TimeSpan.FromSeconds(3));
        _queue.AddAfter("early", TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _queue.Count);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, _queue.Count);
    }

    [Fact]
    public void Rate_limited_adds_back_off_per_key_and_forget_resets_the_backoff()
    {
        _queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.Equal(1, _queue.Count);

        DrainOne();
        _queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.Equal(0, _queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _queue.Count);

        DrainOne();
        _queue.Forget("a");
        _queue.AddRateLimited("a");
        _time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.Equal(1, _queue.Count);
    }

    [Fact]
    public async Task Shutdown_wakes_waiting_workers_and_stops_handing_out_keys()
    {
        var waiting = _queue.GetAsync(TestContext.Current.CancellationToken).AsTask();
        _queue.ShutDown();

        Assert.True((await waiting.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)).ShutDown);

        _queue.Add("a");
        Assert.True((await _queue.GetAsync(TestContext.Current.CancellationToken)).ShutDown);
    }

    [Fact]
    public void A_requeue_far_in_the_future_neither_throws_nor_fires_early()
    {
        _queue.AddAfter("a", TimeSpan.MaxValue);
        _queue.AddAfter("b", TimeSpan.FromDays(100));

        _time.Advance(TimeSpan.FromDays(99));
        Assert.Equal(0, _queue.Count);
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, _queue.Count);
    }

    private void DrainOne()
    {
        var item = _queue.GetAsync(TestContext.Current.CancellationToken).AsTask().GetAwaiter().GetResult();
        _queue.Done(item.Key);
    }
}
