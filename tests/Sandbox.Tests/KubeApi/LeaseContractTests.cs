using System.Net;
using k8s;
using k8s.Autorest;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;

namespace AcrOperator.Sandbox.Tests.KubeApi;

public sealed class LeaseContractTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    [Fact]
    public async Task Lease_can_be_created_by_put_and_a_stale_update_loses()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "lease");
        var lease = new V1Lease { Metadata = new V1ObjectMeta { Name = "l", NamespaceProperty = ns }, Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15 } };
        var created = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "l", ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("a", created.Spec.HolderIdentity);

        created.Spec.HolderIdentity = "b";
        await client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "l", ns, cancellationToken: TestContext.Current.CancellationToken);
        created.Spec.HolderIdentity = "c";
        var lost = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(created, "l", ns, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Conflict, lost.Response.StatusCode);
    }

    [Fact]
    public async Task Leader_election_of_the_client_library_elects_one_leader_and_fails_over()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "elect");
        LeaderElector Candidate(string id) => new(new LeaderElectionConfig(new LeaseLock(client, ns, "operator", id))
        {
            LeaseDuration = TimeSpan.FromSeconds(2),
            RenewDeadline = TimeSpan.FromSeconds(1),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
        });

        using var first = Candidate("one");
        using var second = Candidate("two");
        var firstLeads = new TaskCompletionSource();
        var secondLeads = new TaskCompletionSource();
        first.OnStartedLeading += () => firstLeads.TrySetResult();
        second.OnStartedLeading += () => secondLeads.TrySetResult();
        using var stopFirst = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        using var stopSecond = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var runFirst = first.RunUntilLeadershipLostAsync(stopFirst.Token);
        await firstLeads.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var runSecond = second.RunUntilLeadershipLostAsync(stopSecond.Token);

        await Task.Delay(700, TestContext.Current.CancellationToken);
        Assert.False(secondLeads.Task.IsCompleted);
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync("operator", ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("one", lease.Spec.HolderIdentity);

        await stopFirst.CancelAsync();
        await secondLeads.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await stopSecond.CancelAsync();
        await Task.WhenAll(runFirst, runSecond).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
