using System.Text.Json.Nodes;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Kube;
using AcrOperator.Tests.TestSupport;
using static AcrOperator.Tests.TestSupport.TestObjects;

namespace AcrOperator.Tests.Runtime;

public sealed class FinalizersTests
{
    private const string Ours = "acr.operator.dev/finalizer";
    private static readonly ResourceType ConfigMaps = new(string.Empty, "v1", "configmaps", Namespaced: true);

    [Fact]
    public async Task Adding_keeps_other_finalizers_and_is_guarded_by_the_resource_version()
    {
        var handler = new RecordingHttpHandler();
        var finalizers = new Finalizers(new KubeApiClient(new HttpClient(handler), new Uri("https://kube.test")));

        var sent = await finalizers.AddAsync(ConfigMaps, ConfigMap("a", "12", "team-a", "other.io/keep"), Ours, TestContext.Current.CancellationToken);

        Assert.True(sent);
        var request = Assert.Single(handler.Requests);
        Assert.Equal("/api/v1/namespaces/team-a/configmaps/a", request.PathAndQuery);
        var metadata = JsonNode.Parse(request.Body)!["metadata"]!;
        Assert.Equal("12", (string?)metadata["resourceVersion"]);
        Assert.Equal("""["other.io/keep","acr.operator.dev/finalizer"]""", metadata["finalizers"]!.ToJsonString());
    }

    [Fact]
    public async Task Adding_a_present_finalizer_or_removing_an_absent_one_sends_nothing()
    {
        var handler = new RecordingHttpHandler();
        var finalizers = new Finalizers(new KubeApiClient(new HttpClient(handler), new Uri("https://kube.test")));

        Assert.False(await finalizers.AddAsync(ConfigMaps, ConfigMap("a", "12", "team-a", Ours), Ours, TestContext.Current.CancellationToken));
        Assert.False(await finalizers.RemoveAsync(ConfigMaps, ConfigMap("a", "12"), Ours, TestContext.Current.CancellationToken));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Removing_takes_out_only_ours()
    {
        var handler = new RecordingHttpHandler();
        var finalizers = new Finalizers(new KubeApiClient(new HttpClient(handler), new Uri("https://kube.test")));

        Assert.True(await finalizers.RemoveAsync(ConfigMaps, ConfigMap("a", "13", "team-a", "other.io/keep", Ours), Ours, TestContext.Current.CancellationToken));

        var metadata = JsonNode.Parse(Assert.Single(handler.Requests).Body)!["metadata"]!;
        Assert.Equal("""["other.io/keep"]""", metadata["finalizers"]!.ToJsonString());
        Assert.Equal("13", (string?)metadata["resourceVersion"]);
    }

    [Fact]
    public async Task A_conflict_surfaces_as_a_conflict_for_the_controller_to_retry()
    {
        var handler = new RecordingHttpHandler(_ => (System.Net.HttpStatusCode.Conflict, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Conflict","code":409,"message":"the object has been modified"}"""));
        var finalizers = new Finalizers(new KubeApiClient(new HttpClient(handler), new Uri("https://kube.test")));

        var ex = await Assert.ThrowsAsync<KubeApiException>(() => finalizers.AddAsync(ConfigMaps, ConfigMap("a", "12"), Ours, TestContext.Current.CancellationToken));

        Assert.True(ex.IsConflict);
        Assert.Equal("Conflict", ex.Status!.Reason);
    }
}
