using AcrOperator.Azure;
using AcrOperator.Sandbox.Arm;
using static AcrOperator.Tests.Azure.ArmClientHarness;

namespace AcrOperator.Tests.Azure;

public sealed class ArmRateLimiterTests
{
    [Fact]
    public async Task The_limiter_follows_the_remaining_headers_per_subscription()
    {
        await using var arm = await StartAsync(new ArmThrottleOptions { ReadCapacity = 5, ReadRefillPerSecond = 1 });
        await arm.CreateGroupAsync();
        var (client, limiters) = arm.CreateClient();

        await client.GetAsync(Registry("count12345"), TestContext.Current.CancellationToken);
        await client.GetAsync(Registry("count12345"), TestContext.Current.CancellationToken);

        var snapshot = Assert.Single(limiters.Snapshot());
        Assert.Equal(Subscription, snapshot.SubscriptionId);
        Assert.Equal(2, snapshot.Calls);
        Assert.Equal(3, snapshot.ReadsRemaining);
        Assert.Equal(0, snapshot.Throttled);
    }

    [Fact]
    public async Task An_empty_bucket_holds_calls_back_before_ARM_would_throttle_them()
    {
        await using var arm = await StartAsync(new ArmThrottleOptions { ReadCapacity = 1, ReadRefillPerSecond = 0.5 });
        await arm.CreateGroupAsync();
        var options = arm.Options();
        options.RateLimit.ReadRefillPerSecond = 0.5;
        var (client, limiters) = arm.CreateClient(options);
        var ct = TestContext.Current.CancellationToken;
        await client.GetAsync(Registry("bucket1"), ct);

        var held = await Assert.ThrowsAsync<ArmRequestException>(() => client.GetAsync(Registry("bucket1"), ct));

        Assert.Equal(ArmErrorKind.Throttled, held.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), held.Error.RetryAfter);
        Assert.DoesNotContain(arm.Server.RequestLog.Entries, e => e.Status == 429);
        arm.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await client.GetAsync(Registry("bucket1"), ct));
        Assert.Equal(0, limiters.For(Subscription).Snapshot().Throttled);
    }

    [Fact]
    public async Task A_429_pauses_the_subscription_and_calls_are_refused_unsent_until_Retry_After_passes()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var (client, limiters) = arm.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        arm.Server.Faults.Add(new Sandbox.Arm.Faults.ArmFault { Kind = Sandbox.Arm.Faults.ArmFaultKind.Throttle, RetryAfterSeconds = 2, Count = 1 });

        var throttled = await Assert.ThrowsAsync<ArmRequestException>(() => client.GetAsync(Registry("throttle1"), ct));
        Assert.Equal(ArmErrorKind.Throttled, throttled.Kind);
        Assert.Equal(TimeSpan.FromSeconds(2), throttled.Error.RetryAfter);
        Assert.Equal(1, limiters.For(Subscription).Snapshot().Throttled);

        var sent = arm.Server.RequestLog.Entries.Count;
        var paused = await Assert.ThrowsAsync<ArmRequestException>(() => client.GetAsync(Registry("throttle1"), ct));
        Assert.Equal(ArmErrorKind.Throttled, paused.Kind);
        Assert.Equal(sent, arm.Server.RequestLog.Entries.Count);

        arm.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await client.GetAsync(Registry("throttle1"), ct));
    }

    [Fact]
    public async Task Within_the_inline_limit_a_throttled_call_waits_for_the_pause_on_the_clock_and_resumes()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var (client, limiters) = arm.CreateClient(arm.Options(maxInlineWait: TimeSpan.FromSeconds(10)));
        var ct = TestContext.Current.CancellationToken;
        arm.Server.Faults.Add(new Sandbox.Arm.Faults.ArmFault { Kind = Sandbox.Arm.Faults.ArmFaultKind.Throttle, RetryAfterSeconds = 2, Count = 1 });

        var timers = arm.ClientTime.TimersCreated;
        var waiting = client.GetAsync(Registry("throttle2"), ct);
        await arm.ClientTime.WaitForTimersAsync(timers + 1);
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, arm.Server.RequestLog.Entries.Count(e => e.Status == 429));

        arm.Advance(TimeSpan.FromSeconds(2));
        Assert.Null(await waiting);
        Assert.Equal(1, limiters.For(Subscription).Snapshot().Throttled);
        Assert.Single(arm.Server.RequestLog.Entries, e => e.Status == 429);
    }
}
