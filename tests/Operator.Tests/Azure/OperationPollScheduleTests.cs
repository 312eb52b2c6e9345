using AcrOperator.Azure;
using Microsoft.Extensions.Time.Testing;

namespace AcrOperator.Tests.Azure;

public sealed class OperationPollScheduleTests
{
    private static readonly TimeSpan Floor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_new_operation_is_first_polled_after_the_floor()
    {
        var time = new FakeTimeProvider();
        var schedule = new OperationPollSchedule(Floor, Cap, time);

        Assert.Equal(Floor, schedule.Next(time.GetUtcNow(), retryAfter: null));
    }

    [Fact]
    public void Polls_follow_the_operation_at_half_its_age_then_at_the_cap()
    {
        var time = new FakeTimeProvider();
        var schedule = new OperationPollSchedule(Floor, Cap, time);
        var started = time.GetUtcNow();

        var polls = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            time.Advance(schedule.Next(started, retryAfter: null));
            polls.Add((time.GetUtcNow() - started).TotalSeconds);
        }

        // 5 s floor twice, then each wait half the age: 15, 22.5, 33.75, 50.625, then 30 s steps.
        Assert.Equal(new[] { 5, 10, 15, 22.5, 33.75, 50.625, 75.9375, 105.9375, 135.9375, 165.9375 }, polls);
    }

    [Fact]
    public void A_longer_Retry_After_is_honoured_and_a_shorter_one_does_not_shorten_the_wait()
    {
        var time = new FakeTimeProvider();
        var schedule = new OperationPollSchedule(Floor, Cap, time);
        var started = time.GetUtcNow();

        Assert.Equal(TimeSpan.FromSeconds(10), schedule.Next(started, TimeSpan.FromSeconds(10)));
        Assert.Equal(Floor, schedule.Next(started, TimeSpan.FromSeconds(1)));
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(TimeSpan.FromMinutes(2), schedule.Next(started, TimeSpan.FromMinutes(2)));
        Assert.Equal(Cap, schedule.Next(started, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void An_unknown_start_polls_at_the_cap_and_a_start_in_the_future_at_the_floor()
    {
        var time = new FakeTimeProvider();
        var schedule = new OperationPollSchedule(Floor, Cap, time);

        Assert.Equal(Cap, schedule.Next(DateTimeOffset.MinValue, retryAfter: null));
        Assert.Equal(Floor, schedule.Next(time.GetUtcNow().AddMinutes(5), retryAfter: null));
    }

    [Fact]
    public void The_start_time_is_all_it_needs_so_a_new_schedule_after_a_restart_picks_up_the_pace()
    {
        var time = new FakeTimeProvider();
        var started = time.GetUtcNow();
        time.Advance(TimeSpan.FromSeconds(40));

        var afterRestart = new OperationPollSchedule(Floor, Cap, time);

        Assert.Equal(TimeSpan.FromSeconds(20), afterRestart.Next(started, retryAfter: null));
    }

    [Fact]
    public void Takes_floor_and_cap_from_the_Azure_settings_and_rejects_a_cap_below_the_floor()
    {
        var schedule = OperationPollSchedule.From(new AzureOptions { MinPollInterval = TimeSpan.FromSeconds(2), MaxPollInterval = TimeSpan.FromSeconds(8) }, TimeProvider.System);

        Assert.Equal(TimeSpan.FromSeconds(2), schedule.MinInterval);
        Assert.Equal(TimeSpan.FromSeconds(8), schedule.MaxInterval);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OperationPollSchedule(Cap, Floor, TimeProvider.System));
        var invalid = new AzureOptionsValidator().Validate(null, new AzureOptions { MinPollInterval = Cap, MaxPollInterval = Floor });
        Assert.Contains(invalid.Failures!, f => f.Contains("MaxPollInterval", StringComparison.Ordinal));
    }
}
