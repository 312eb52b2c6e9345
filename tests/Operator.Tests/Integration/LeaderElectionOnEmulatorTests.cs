using AcrOperator.Runtime.LeaderElection;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AcrOperator.Tests.Integration;

/// <summary>Two electors racing for one Lease on the emulator, in real time.</summary>
public sealed class LeaderElectionOnEmulatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_released_lease_passes_to_the_standby_at_once_not_after_the_lease_duration()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var leases = new KubernetesLeaseClient(cluster.Api);
        var first = Elector(leases, "replica-a");
        var second = Elector(leases, "replica-b");
        var firstLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();

        var runFirst = first.RunAsync(ct => LeadUntilCancelledAsync(firstLeads, ct), stopFirst.Token);
        await firstLeads.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var runSecond = second.RunAsync(ct => LeadUntilCancelledAsync(secondLeads, ct), stopSecond.Token);

        var lease = await cluster.Kubernetes.CoordinationV1.ReadNamespacedLeaseAsync("acr-operator-leader", "default", cancellationToken: Ct);
        Assert.Equal("replica-a", lease.Spec.HolderIdentity);
        Assert.False(secondLeads.Task.IsCompleted);

        var releasedAt = DateTime.UtcNow;
        await stopFirst.CancelAsync();
        await runFirst.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await secondLeads.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // The lease lasts 15 s; taking over well before that proves the hand-off came from the release.
        Assert.True(DateTime.UtcNow - releasedAt < TimeSpan.FromSeconds(10));
        lease = await cluster.Kubernetes.CoordinationV1.ReadNamespacedLeaseAsync("acr-operator-leader", "default", cancellationToken: Ct);
        Assert.Equal("replica-b", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions);

        await stopSecond.CancelAsync();
        await runSecond.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    private static LeaderElector Elector(ILeaseClient leases, string identity)
        => new(
            leases,
            Options.Create(new LeaderElectionOptions
            {
                LeaseNamespace = "default",
                Identity = identity,
                LeaseDuration = TimeSpan.FromSeconds(15),
                RenewDeadline = TimeSpan.FromSeconds(10),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            }),
            TimeProvider.System,
            NullLogger<LeaderElector>.Instance);

    private static async Task LeadUntilCancelledAsync(TaskCompletionSource leading, CancellationToken cancellationToken)
    {
        leading.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
