using Microsoft.Extensions.Time.Testing;

namespace AcrOperator.Tests.TestSupport;

/// <summary>
/// Fake time that also tells a test when code under test has started waiting on a timer, so the test
/// advances the clock only after the wait began (advancing earlier would be lost).
/// </summary>
public sealed class ObservableFakeTime : FakeTimeProvider
{
    private int _timersCreated;

    public int TimersCreated => Volatile.Read(ref _timersCreated);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        Interlocked.Increment(ref _timersCreated);
        return timer;
    }

    /// <summary>Waits until at least <paramref name="count"/> timers have been created.</summary>
    public async Task WaitForTimersAsync(int count)
    {
        for (var i = 0; i < 500 && TimersCreated < count; i++)
        {
            await Task.Delay(10);
        }

        if (TimersCreated < count)
        {
            throw new TimeoutException($"expected {count} timers, saw {TimersCreated}");
        }
    }
}
