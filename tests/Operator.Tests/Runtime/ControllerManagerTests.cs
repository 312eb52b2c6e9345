using AcrOperator.Runtime.Manager;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcrOperator.Tests.Runtime;

public sealed class ControllerManagerTests
{
    [Fact]
    public async Task Controllers_start_only_after_every_cache_has_synced_and_stop_before_the_caches()
    {
        var log = new List<string>();
        var cacheA = new FakeCache("a", log);
        var cacheB = new FakeCache("b", log);
        var controller = new FakeRunnable("controller", log);
        var manager = new ControllerManager(NullLogger<ControllerManager>.Instance);
        manager.AddCache(cacheA);
        manager.AddCache(cacheB);
        manager.Add(controller);
        using var stop = new CancellationTokenSource();

        var run = manager.RunAsync(stop.Token);
        await WaitUntilAsync(() => cacheA.Running && cacheB.Running);
        Assert.Equal(ManagerState.Syncing, manager.State);

        cacheA.Sync();
        await Task.Delay(20, TestContext.Current.CancellationToken);
        Assert.False(controller.Started);

        cacheB.Sync();
        await WaitUntilAsync(() => controller.Started);
        Assert.Equal(ManagerState.Running, manager.State);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(ManagerState.Stopped, manager.State);
        Assert.Equal("stop:controller", log.First(l => l.StartsWith("stop:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Runs_until_cancelled_even_with_nothing_to_run()
    {
        var manager = new ControllerManager(NullLogger<ControllerManager>.Instance);
        using var stop = new CancellationTokenSource();

        var run = manager.RunAsync(stop.Token);
        await WaitUntilAsync(() => manager.State == ManagerState.Running);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(run.IsCompleted);

        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        Assert.Equal(ManagerState.Stopped, manager.State);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }

    private class FakeRunnable(string name, List<string> log) : IRunnable
    {
        public string Name => name;

        public bool Started { get; private set; }

        public bool Running { get; private set; }

        public async Task RunAsync(CancellationToken cancellationToken)
        {
            Started = Running = true;
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                lock (log)
                {
                    log.Add($"stop:{name}");
                }
            }
        }
    }

    private sealed class FakeCache(string name, List<string> log) : FakeRunnable(name, log), ISyncable
    {
        private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool HasSynced => _synced.Task.IsCompleted;

        public void Sync() => _synced.SetResult();

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);
    }
}
