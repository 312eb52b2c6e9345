using System.Net;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.LeaderElection;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Runtime.LeaderElection;

public sealed class KubernetesLeaseClientTests
{
    private static readonly V1Lease Lease = new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = "leader", NamespaceProperty = "acr-system", ResourceVersion = "7" },
        Spec = new V1LeaseSpec { HolderIdentity = "a" },
    };

    [Fact]
    public async Task A_missing_lease_reads_as_null()
    {
        var (client, requests) = ClientAnswering(HttpStatusCode.NotFound);

        var lease = await client.GetAsync("acr-system", "leader", TestContext.Current.CancellationToken);

        Assert.Null(lease);
        Assert.Equal("GET /apis/coordination.k8s.io/v1/namespaces/acr-system/leases/leader", Assert.Single(requests));
    }

    [Fact]
    public async Task A_stale_replace_is_a_conflict()
    {
        var (client, requests) = ClientAnswering(HttpStatusCode.Conflict);

        await Assert.ThrowsAsync<LeaseConflictException>(
            () => client.ReplaceAsync(Lease, TestContext.Current.CancellationToken));
        Assert.Equal("PUT /apis/coordination.k8s.io/v1/namespaces/acr-system/leases/leader", Assert.Single(requests));
    }

    [Fact]
    public async Task Creating_an_existing_lease_is_a_conflict()
    {
        var (client, requests) = ClientAnswering(HttpStatusCode.Conflict);

        await Assert.ThrowsAsync<LeaseConflictException>(
            () => client.CreateAsync(Lease, TestContext.Current.CancellationToken));
        Assert.Equal("POST /apis/coordination.k8s.io/v1/namespaces/acr-system/leases", Assert.Single(requests));
    }

    [Fact]
    public async Task Other_failures_are_not_conflicts()
    {
        var (client, _) = ClientAnswering(HttpStatusCode.Forbidden);

        var e = await Assert.ThrowsAnyAsync<Exception>(
            () => client.ReplaceAsync(Lease, TestContext.Current.CancellationToken));
        Assert.IsNotType<LeaseConflictException>(e);
    }

    private static (KubernetesLeaseClient Client, List<string> Requests) ClientAnswering(HttpStatusCode status)
    {
        var handler = new StatusHandler(status);
        var api = KubeTransport.CreateClient(new KubernetesClientConfiguration { Host = "http://api.test" }, handler);
        return (new KubernetesLeaseClient(api), handler.Requests);
    }

    /// <summary>Answers every request with one status and a Kubernetes Status body, as the API server does.</summary>
    private sealed class StatusHandler(HttpStatusCode status) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add($"{request.Method} {request.RequestUri!.AbsolutePath}");
            var body = $$"""{"kind":"Status","apiVersion":"v1","status":"Failure","code":{{(int)status}}}""";
            return Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }
}
