using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Queue;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AcrOperator.Tests.Runtime;

public sealed class ControllerTests : IDisposable
{
    private static readonly ObjectKey Key = new("team-a", "registry-1");

    private readonly FakeTimeProvider _time = new();
    private readonly WorkQueue<ObjectKey> _queue;

    public ControllerTests() => _queue = new WorkQueue<ObjectKey>(_time, new ExponentialBackoffRateLimiter<ObjectKey>());

    public void Dispose() => _queue.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failing_reconcile_is_retried_with_growing_backoff_until_it_succeeds()
    {
        var failuresLeft = 2;
        var reconciler = new ScriptedReconciler((_, _) => failuresLeft-- > 0
            ? throw new InvalidOperationException("Azure said no")
            : Task.FromResult(ReconcileResult.Done));
        var controller = NewController(reconciler);

        _queue.Add(Key);
        await controller.ProcessNextAsync(Ct);
        Assert.Equal(0, _queue.Count);

        _time.Advance(TimeSpan.FromMilliseconds(750));
        Assert.Equal(1, _queue.Count);
        await controller.ProcessNextAsync(Ct);

        _time.Advance(TimeSpan.FromMilliseconds(1499));
        Assert.Equal(0, _queue.Count);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await controller.ProcessNextAsync(Ct);

        Assert.Equal(3, reconciler.Calls.Count);
        Assert.Equal(0, _queue.Retries(Key));
        Assert.Equal(0, _queue.DelayedCount);
    }

    [Fact]
    public async Task RequeueAfter_schedules_a_poll_and_resets_the_backoff()
    {
        var reconciler = new ScriptedReconciler((_, _) => Task.FromResult(ReconcileResult.After(TimeSpan.FromSeconds(30))));
        var controller = NewController(reconciler);
        _queue.AddRateLimited(Key);
        _time.Advance(TimeSpan.FromMilliseconds(750));

        await controller.ProcessNextAsync(Ct);

        Assert.Equal(0, _queue.Retries(Key));
        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, _queue.Count);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _queue.Count);
    }

    [Fact]
    public async Task A_terminal_error_stops_retries()
    {
        var reconciler = new ScriptedReconciler((_, _) => throw new TerminalReconcileException("spec.sku is invalid"));
        var controller = NewController(reconciler);
        _queue.Add(Key);

        await controller.ProcessNextAsync(Ct);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(0, _queue.Count);
        Assert.Equal(0, _queue.DelayedCount);
        Assert.Single(reconciler.Calls);
    }

    [Fact]
    public async Task An_event_during_a_reconcile_runs_the_key_again_afterwards_never_concurrently()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new ScriptedReconciler(async (_, _) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            if (firstStarted.TrySetResult())
            {
                await releaseFirst.Task;
            }

            Interlocked.Decrement(ref inFlight);
            return ReconcileResult.Done;
        });
        var controller = NewController(reconciler, workers: 4);
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);

        _queue.Add(Key);
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        _queue.Add(Key);
        _queue.Add(Key);
        releaseFirst.SetResult();

        await WaitUntilAsync(() => reconciler.Calls.Count == 2);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        Assert.Equal(1, maxInFlight);
        Assert.Equal(2, reconciler.Calls.Count);
    }

    [Fact]
    public async Task Shutdown_lets_an_in_flight_reconcile_finish_and_takes_no_new_key()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finishedCleanly = false;
        var reconciler = new ScriptedReconciler(async (_, ct) =>
        {
            started.TrySetResult();
            await release.Task;
            finishedCleanly = !ct.IsCancellationRequested;
            return ReconcileResult.Done;
        });
        var controller = NewController(reconciler, workers: 1);
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);
        _queue.Add(Key);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        await stop.CancelAsync();
        _queue.Add(new ObjectKey("team-a", "another"));
        await Task.Delay(20, Ct);
        Assert.False(run.IsCompleted);

        release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        Assert.True(finishedCleanly);
        Assert.Single(reconciler.Calls);
    }

    [Fact]
    public async Task Shutdown_cancels_reconciles_still_running_after_the_timeout()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new ScriptedReconciler(async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return ReconcileResult.Done;
        });
        var controller = NewController(reconciler, workers: 1, shutdownTimeout: TimeSpan.FromSeconds(10));
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);
        _queue.Add(Key);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        await stop.CancelAsync();
        await WaitUntilAsync(() => _queue.IsShuttingDown);
        Assert.False(run.IsCompleted);

        // The grace period is measured on the controller's clock, so the test advances it instead of sleeping.
        await WaitUntilAsync(() =>
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            return run.IsCompleted;
        });
        await run;
    }

    [Fact]
    public async Task Abort_cancels_in_flight_reconciles_at_once_without_waiting_for_the_grace_period()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reconciler = new ScriptedReconciler(async (_, ct) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }

            return ReconcileResult.Done;
        });
        using var controller = NewController(reconciler, workers: 1, shutdownTimeout: TimeSpan.FromMinutes(5));
        using var stop = new CancellationTokenSource();
        var run = controller.RunAsync(stop.Token);
        _queue.Add(Key);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        controller.Abort();
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        _queue.Add(new ObjectKey("team-a", "after-abort"));
        Assert.Single(reconciler.Calls);
    }

    private Controller NewController(IReconciler reconciler, int workers = 1, TimeSpan? shutdownTimeout = null)
        => new(
            "registry",
            reconciler,
            _queue,
            new ControllerOptions { MaxConcurrentReconciles = workers, ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(30) },
            _time,
            NullLogger.Instance);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, Ct);
        }

        Assert.True(condition(), "condition not reached within 5 s");
    }
}
