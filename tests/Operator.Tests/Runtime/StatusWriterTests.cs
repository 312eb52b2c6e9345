using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.Status;
using AcrOperator.Tests.TestSupport;
using k8s.Models;

namespace AcrOperator.Tests.Runtime;

public sealed class StatusWriterTests
{
    private static readonly ResourceType Deployments = new("apps", "v1", "deployments", Namespaced: true);

    [Fact]
    public async Task An_unchanged_status_sends_nothing()
    {
        var handler = new RecordingHttpHandler();
        var writer = new StatusWriter(Client(handler));
        var current = Deployment(new V1DeploymentStatus { Replicas = 3, ObservedGeneration = 7 });

        var sent = await writer.UpdateAsync(Deployments, current, new V1DeploymentStatus { ObservedGeneration = 7, Replicas = 3 }, TestContext.Current.CancellationToken);

        Assert.False(sent);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_changed_status_is_merge_patched_through_the_status_subresource_with_only_the_difference()
    {
        var handler = new RecordingHttpHandler();
        var writer = new StatusWriter(Client(handler));
        var current = Deployment(new V1DeploymentStatus { Replicas = 3, ObservedGeneration = 7 });

        var sent = await writer.UpdateAsync(Deployments, current, new V1DeploymentStatus { Replicas = 3, ObservedGeneration = 8 }, TestContext.Current.CancellationToken);

        Assert.True(sent);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("PATCH", request.Method);
        Assert.Equal("/apis/apps/v1/namespaces/team-a/deployments/web/status", request.PathAndQuery);
        Assert.Equal("application/merge-patch+json", request.ContentType);
        Assert.Equal("""{"status":{"observedGeneration":8}}""", request.Body);
    }

    private static KubeApiClient Client(RecordingHttpHandler handler) => new(new HttpClient(handler), new Uri("https://kube.test"));

    private static Widget Deployment(V1DeploymentStatus status) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "team-a", ResourceVersion = "41" },
        Status = status,
    };

    /// <summary>A minimal resource with a status, shaped like our custom resources.</summary>
    private sealed class Widget : k8s.IKubernetesObject<V1ObjectMeta>, IStatus<V1DeploymentStatus>
    {
        public string ApiVersion { get; set; } = "apps/v1";

        public string Kind { get; set; } = "Deployment";

        public V1ObjectMeta Metadata { get; set; } = new();

        public V1DeploymentStatus Status { get; set; } = new();
    }
}
