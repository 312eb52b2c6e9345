using System.Net;
using AcrOperator.Runtime.Kube;
using AcrOperator.Tests.TestSupport;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Runtime;

public sealed class KubeApiClientTests
{
    private static readonly ResourceType Registries = new("acr.operator.dev", "v1alpha1", "registries", Namespaced: true);

    [Fact]
    public async Task A_list_returns_items_and_the_resource_version_to_watch_from()
    {
        using var handler = new RecordingHttpHandler(_ => (HttpStatusCode.OK, """{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"812"},"items":[{"metadata":{"name":"a","namespace":"team-a","resourceVersion":"800"}}]}"""));
        var client = Client(handler);

        var list = await client.ListAsync<V1ConfigMap>(new ResourceType(string.Empty, "v1", "configmaps", true), "team-a", new ListOptions(LabelSelector: "app.kubernetes.io/managed-by=acr-operator"), TestContext.Current.CancellationToken);

        Assert.Equal("812", list.ResourceVersion);
        Assert.Equal("a", Assert.Single(list.Items).Metadata.Name);
        Assert.Equal("/api/v1/namespaces/team-a/configmaps?labelSelector=app.kubernetes.io%2Fmanaged-by%3Dacr-operator", handler.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task A_metadata_only_list_asks_for_PartialObjectMetadataList_with_a_plain_json_fallback()
    {
        using var handler = new RecordingHttpHandler(_ => (HttpStatusCode.OK, """{"kind":"PartialObjectMetadataList","apiVersion":"meta.k8s.io/v1","metadata":{"resourceVersion":"5"},"items":[{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"team-a","labels":{"env":"prod"}}}]}"""));

        var list = await Client(handler).ListAsync<PartialObjectMetadata>(ResourceType.Namespaces, null, new ListOptions(MetadataOnly: true), TestContext.Current.CancellationToken);

        Assert.Equal("prod", Assert.Single(list.Items).Metadata.Labels["env"]);
        Assert.Equal("/api/v1/namespaces", handler.Requests[0].PathAndQuery);
        // HttpClient writes media-type parameters as "; as=..."; servers parse either spacing.
        var accepted = handler.Requests[0].Accept.Replace(" ", string.Empty, StringComparison.Ordinal).Split(',');
        Assert.Equal(["application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1", "application/json"], accepted);
    }

    [Fact]
    public async Task A_watch_asks_for_bookmarks_from_a_resource_version_and_parses_each_line()
    {
        const string stream = """
            {"type":"ADDED","object":{"apiVersion":"acr.operator.dev/v1alpha1","kind":"Registry","metadata":{"name":"r1","namespace":"team-a","resourceVersion":"101"}}}
            {"type":"BOOKMARK","object":{"kind":"Registry","apiVersion":"acr.operator.dev/v1alpha1","metadata":{"resourceVersion":"150"}}}

            {"type":"DELETED","object":{"apiVersion":"acr.operator.dev/v1alpha1","kind":"Registry","metadata":{"name":"r1","namespace":"team-a","resourceVersion":"151"}}}
            {"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 100 (151)","reason":"Expired","code":410}}
            """;
        using var handler = new RecordingHttpHandler(_ => (HttpStatusCode.OK, stream));

        var events = new List<WatchNotification<V1ConfigMap>>();
        await foreach (var e in Client(handler).WatchAsync<V1ConfigMap>(Registries, null, "100", ListOptions.All, TimeSpan.FromMinutes(7), TestContext.Current.CancellationToken))
        {
            events.Add(e);
        }

        Assert.Equal("/apis/acr.operator.dev/v1alpha1/registries?watch=true&allowWatchBookmarks=true&resourceVersion=100&timeoutSeconds=420", handler.Requests[0].PathAndQuery);
        Assert.Equal([WatchEventType.Added, WatchEventType.Bookmark, WatchEventType.Deleted, WatchEventType.Error], events.Select(e => e.Type));
        Assert.Equal(["101", "150", "151", null], events.Select(e => e.ResourceVersion));
        Assert.Null(events[1].Item);
        Assert.Equal(410, events[3].Status!.Code);
    }

    [Fact]
    public async Task A_410_answer_to_a_watch_request_is_reported_as_gone()
    {
        using var handler = new RecordingHttpHandler(_ => (HttpStatusCode.Gone, """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"too old"}"""));

        var ex = await Assert.ThrowsAsync<KubeApiException>(async () =>
        {
            await foreach (var _ in Client(handler).WatchAsync<V1ConfigMap>(Registries, "team-a", "1", ListOptions.All, TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken))
            {
            }
        });

        Assert.True(ex.IsGone);
        Assert.Equal("Expired", ex.Status!.Reason);
    }

    [Fact]
    public async Task Get_of_a_missing_object_is_null_and_other_failures_throw_with_the_server_message()
    {
        using var notFound = new RecordingHttpHandler(_ => (HttpStatusCode.NotFound, """{"kind":"Status","code":404,"reason":"NotFound"}"""));
        Assert.Null(await Client(notFound).GetAsync<V1ConfigMap>(Registries, "team-a", "missing", TestContext.Current.CancellationToken));

        using var forbidden = new RecordingHttpHandler(_ => (HttpStatusCode.Forbidden, """{"kind":"Status","code":403,"reason":"Forbidden","message":"registries.acr.operator.dev is forbidden"}"""));
        var ex = await Assert.ThrowsAsync<KubeApiException>(() => Client(forbidden).GetAsync<V1ConfigMap>(Registries, "team-a", "r1", TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("registries.acr.operator.dev is forbidden", ex.Message, StringComparison.Ordinal);
    }

    private static KubeApiClient Client(RecordingHttpHandler handler) => new(new HttpClient(handler), new Uri("https://kube.test"));
}
