using AcrOperator.Runtime.LeaderElection;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AcrOperator.Tests.Runtime.LeaderElection;

/// <summary>
/// Drives electors on fake time. With the in-memory client completing synchronously, an elector runs inline
/// whenever one of its fake timers fires, so advancing time in small steps observes every state it passes.
/// The leading callback runs on the thread pool, and so may the elector once the callback returns; tests
/// await those tasks, with <see cref="Guard"/> only as a bound on a hang.
/// </summary>
public sealed class LeaderElectorTests
{
    private const string Namespace = "acr-system";
    private const string Name = "acr-operator-leader";
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    // client-go's defaults, spelled out because the assertions depend on them.
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan RenewDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan LongestAcquireRetry = RetryPeriod * 2.2;

    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryLeaseClient _leases = new();

    [Fact]
    public async Task Acquires_a_free_lease()
    {
        using var a = Campaign("a");

        Assert.True(a.Elector.IsLeader);
        Assert.Equal([true], a.Changes.Select(c => c.IsLeader));
        var spec = Lease().Spec;
        Assert.Equal("a", spec.HolderIdentity);
        Assert.Equal(15, spec.LeaseDurationSeconds);
        Assert.Equal(0, spec.LeaseTransitions);
        Assert.Equal(Start.UtcDateTime, spec.AcquireTime);
        var token = await a.Leading.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);
        Assert.False(token.IsCancellationRequested);
    }

    [Fact]
    public async Task Renews_every_retry_period_and_keeps_the_acquire_time()
    {
        using var a = Campaign("a");

        await AdvanceUntilAsync(() => Lease().Spec.RenewTime == (Start + (3 * RetryPeriod)).UtcDateTime, RetryPeriod * 4);

        var spec = Lease().Spec;
        Assert.Equal("a", spec.HolderIdentity);
        Assert.Equal(Start.UtcDateTime, spec.AcquireTime);
        Assert.Equal(0, spec.LeaseTransitions);
        Assert.True(a.Elector.IsLeader);
    }

    [Fact]
    public async Task Resumes_a_lease_it_already_holds_without_a_transition()
    {
        var acquired = (Start - TimeSpan.FromMinutes(5)).UtcDateTime;
        _leases.Put(LeaseHeldBy("a", transitions: 3, acquired));

        using var a = Campaign("a");

        Assert.True(a.Elector.IsLeader);
        var spec = Lease().Spec;
        Assert.Equal(3, spec.LeaseTransitions);
        Assert.Equal(acquired, spec.AcquireTime);
        Assert.Equal(Start.UtcDateTime, spec.RenewTime);
        await a.Leading.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Does_not_take_a_lease_another_holder_keeps_renewing()
    {
        _leases.Put(LeaseHeldBy("b", transitions: 1, Start.UtcDateTime));
        using var a = Campaign("a");

        for (var renewals = 1; renewals <= 20; renewals++)
        {
            await AdvanceAsync(RetryPeriod * 2);
            var lease = Lease();
            lease.Spec.RenewTime = _time.GetUtcNow().UtcDateTime;
            _leases.Put(lease);
        }

        Assert.False(a.Elector.IsLeader);
        Assert.Empty(a.Changes);
        Assert.Equal("b", Lease().Spec.HolderIdentity);
    }

    [Fact]
    public async Task Takes_over_an_expired_lease_by_when_it_saw_the_last_change_not_by_remote_timestamps()
    {
        // The holder's renewTime is a day old by our clock: a skewed or dead holder looks the same. Either
        // way we must wait a full lease duration from our first sight of it before taking it.
        var stale = (Start - TimeSpan.FromDays(1)).UtcDateTime;
        _leases.Put(LeaseHeldBy("b", transitions: 3, stale));
        using var a = Campaign("a");

        await AdvanceUntilAsync(() => _time.GetUtcNow() >= Start + LeaseDuration - Step, LeaseDuration);
        Assert.False(a.Elector.IsLeader);
        Assert.Equal("b", Lease().Spec.HolderIdentity);

        await AdvanceUntilAsync(() => a.Elector.IsLeader, LongestAcquireRetry + Step);

        var spec = Lease().Spec;
        Assert.Equal("a", spec.HolderIdentity);
        Assert.Equal(4, spec.LeaseTransitions);
        Assert.Equal(a.Changes.Single().At.UtcDateTime, spec.AcquireTime);
        Assert.True(spec.AcquireTime >= (Start + LeaseDuration).UtcDateTime);
    }

    [Fact]
    public async Task Loses_leadership_when_renewals_fail_past_the_renew_deadline()
    {
        using var a = Campaign("a");
        var token = await a.Leading.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);
        await AdvanceAsync(RetryPeriod);
        var lastRenewal = _time.GetUtcNow();
        _leases.Unreachable = true;

        await AdvanceUntilAsync(() => !a.Elector.IsLeader, LeaseDuration);

        Assert.True(token.IsCancellationRequested);
        var lostAt = a.Changes.Last().At;
        Assert.InRange(lostAt, lastRenewal + RenewDeadline, lastRenewal + RenewDeadline + Step);
        await a.Run.WaitAsync(Guard, TestContext.Current.CancellationToken);
        Assert.Equal([true, false], a.Changes.Select(c => c.IsLeader));
    }

    [Fact]
    public async Task Renews_through_a_conflicting_write_by_re_reading()
    {
        using var a = Campaign("a");
        var lease = Lease();
        lease.SetLabel("touched-by", "kubectl");
        _leases.Put(lease);

        await AdvanceAsync(RetryPeriod);

        Assert.Equal(1, _leases.Conflicts);
        Assert.True(a.Elector.IsLeader);
        var renewed = Lease();
        Assert.Equal((Start + RetryPeriod).UtcDateTime, renewed.Spec.RenewTime);
        Assert.Equal("kubectl", renewed.GetLabel("touched-by"));
    }

    [Fact]
    public async Task Steps_down_at_once_when_the_re_read_lease_has_another_holder()
    {
        using var a = Campaign("a");
        var token = await a.Leading.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);
        _leases.Put(LeaseHeldBy("b", transitions: 1, Start.UtcDateTime));

        await AdvanceAsync(RetryPeriod);

        Assert.False(a.Elector.IsLeader);
        Assert.True(token.IsCancellationRequested);
        await a.Run.WaitAsync(Guard, TestContext.Current.CancellationToken);
        Assert.Equal("b", Lease().Spec.HolderIdentity);
    }

    [Fact]
    public async Task Hands_off_on_cancellation_without_waiting_for_the_lease_to_expire()
    {
        using var a = Campaign("a");
        var token = await a.Leading.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);
        using var b = Campaign("b");
        await AdvanceAsync(RetryPeriod * 3);
        Assert.False(b.Elector.IsLeader);

        a.Stop();
        await a.Run.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.True(token.IsCancellationRequested);
        var released = Lease().Spec;
        Assert.Equal(string.Empty, released.HolderIdentity);
        Assert.Equal(1, released.LeaseDurationSeconds);
        var releasedAt = _time.GetUtcNow();

        await AdvanceUntilAsync(() => b.Elector.IsLeader, LongestAcquireRetry + Step);

        Assert.True(b.Changes.Single().At - releasedAt < LeaseDuration);
        Assert.Equal("b", Lease().Spec.HolderIdentity);
        Assert.Equal(1, Lease().Spec.LeaseTransitions);
    }

    [Fact]
    public async Task Keeps_the_lease_without_ReleaseOnCancel()
    {
        using var a = Campaign("a", releaseOnCancel: false);
        await a.Leading.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);

        a.Stop();
        await a.Run.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.False(a.Elector.IsLeader);
        Assert.Equal("a", Lease().Spec.HolderIdentity);
        Assert.Equal(15, Lease().Spec.LeaseDurationSeconds);
    }

    [Fact]
    public async Task Keeps_renewing_while_the_callback_drains_and_releases_after_it_returns()
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var a = Campaign("a", lead: async token =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await drained.Task;
        });
        await a.Leading.Task.WaitAsync(Guard, TestContext.Current.CancellationToken);

        a.Stop();
        await AdvanceAsync(LeaseDuration * 2);

        Assert.True(a.Elector.IsLeader);
        Assert.Equal("a", Lease().Spec.HolderIdentity);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, Lease().Spec.RenewTime);

        drained.SetResult();
        await a.Run.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.False(a.Elector.IsLeader);
        Assert.Equal(string.Empty, Lease().Spec.HolderIdentity);
    }

    [Fact]
    public async Task A_failing_callback_ends_leadership_releases_and_surfaces_its_exception()
    {
        using var a = Campaign("a", lead: _ => throw new InvalidOperationException("controllers failed"));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(
            () => a.Run.WaitAsync(Guard, TestContext.Current.CancellationToken));

        Assert.Equal("controllers failed", e.Message);
        Assert.False(a.Elector.IsLeader);
        Assert.Equal(string.Empty, Lease().Spec.HolderIdentity);
    }

    [Fact]
    public async Task Losing_the_race_to_create_the_lease_is_not_fatal()
    {
        // Both campaign against an absent lease; b's create conflicts because a created it first.
        var leases = new RacingLeaseClient(_leases, () => _leases.Put(LeaseHeldBy("a", transitions: 0, Start.UtcDateTime)));
        using var b = Campaign("b", leases: leases);

        await AdvanceAsync(LeaseDuration - Step);

        Assert.Equal(1, _leases.Conflicts);
        Assert.False(b.Elector.IsLeader);
        Assert.False(b.Run.IsCompleted);
    }

    [Fact]
    public async Task Stops_campaigning_when_cancelled_before_acquiring()
    {
        _leases.Put(LeaseHeldBy("b", transitions: 0, Start.UtcDateTime));
        using var a = Campaign("a");

        a.Stop();
        await a.Run.WaitAsync(Guard, TestContext.Current.CancellationToken);

        Assert.Empty(a.Changes);
        Assert.False(a.Leading.Task.IsCompleted);
        Assert.Equal("b", Lease().Spec.HolderIdentity);
    }

    private Candidate Campaign(
        string identity,
        bool releaseOnCancel = true,
        Func<CancellationToken, Task>? lead = null,
        ILeaseClient? leases = null)
    {
        var options = new LeaderElectionOptions
        {
            LeaseNamespace = Namespace,
            LeaseName = Name,
            Identity = identity,
            LeaseDuration = LeaseDuration,
            RenewDeadline = RenewDeadline,
            RetryPeriod = RetryPeriod,
            ReleaseOnCancel = releaseOnCancel,
        };
        var elector = new LeaderElector(leases ?? _leases, Options.Create(options), _time, NullLogger<LeaderElector>.Instance);
        return new Candidate(elector, _time, lead ?? (token => Task.Delay(Timeout.InfiniteTimeSpan, token)));
    }

    private V1Lease Lease() => _leases.Peek(Namespace, Name) ?? throw new InvalidOperationException("no lease");

    private static V1Lease LeaseHeldBy(string holder, int transitions, DateTime acquired) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = holder,
            LeaseDurationSeconds = 15,
            AcquireTime = acquired,
            RenewTime = acquired,
            LeaseTransitions = transitions,
        },
    };

    private async Task AdvanceAsync(TimeSpan by)
    {
        for (var advanced = TimeSpan.Zero; advanced < by; advanced += Step)
        {
            _time.Advance(Step);
            await Task.Yield();
        }
    }

    private async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan within)
    {
        var limit = _time.GetUtcNow() + within;
        while (!condition())
        {
            Assert.True(_time.GetUtcNow() < limit, $"Condition not met within {within} of fake time.");
            _time.Advance(Step);
            await Task.Yield();
        }
    }

    /// <summary>One replica campaigning: its elector, what its callback saw, and how to shut it down.</summary>
    private sealed class Candidate : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public Candidate(LeaderElector elector, TimeProvider time, Func<CancellationToken, Task> lead)
        {
            Elector = elector;
            elector.LeadershipChanged += (_, isLeader) => Changes.Add((isLeader, time.GetUtcNow()));
            Run = elector.RunAsync(
                token =>
                {
                    Leading.SetResult(token);
                    return lead(token);
                },
                _stop.Token);
        }

        public LeaderElector Elector { get; }

        public Task Run { get; }

        /// <summary>Completes with the callback's token when the callback starts.</summary>
        public TaskCompletionSource<CancellationToken> Leading { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<(bool IsLeader, DateTimeOffset At)> Changes { get; } = [];

        public void Stop() => _stop.Cancel();

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
        }
    }

    /// <summary>Lets another replica create the lease between our read and our create.</summary>
    private sealed class RacingLeaseClient(ILeaseClient inner, Action createFirst) : ILeaseClient
    {
        private Action? _createFirst = createFirst;

        public Task<V1Lease?> GetAsync(string leaseNamespace, string leaseName, CancellationToken cancellationToken) =>
            inner.GetAsync(leaseNamespace, leaseName, cancellationToken);

        public Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
        {
            Interlocked.Exchange(ref _createFirst, null)?.Invoke();
            return inner.CreateAsync(lease, cancellationToken);
        }

        public Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken) =>
            inner.ReplaceAsync(lease, cancellationToken);
    }
}
