using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>Every patch type through the client library: JSON patch, merge patch, strategic merge, and apply.</summary>
public sealed class PatchContractTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Json_patch_applies_operations_and_a_failed_test_is_Invalid()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "patch");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } }, ns, cancellationToken: Ct);

        var patch = new V1Patch("""[{"op":"test","path":"/data/a","value":"1"},{"op":"replace","path":"/data/a","value":"10"},{"op":"remove","path":"/data/b"}]""", V1Patch.PatchType.JsonPatch);
        var cm = await client.CoreV1.PatchNamespacedConfigMapAsync(patch, "c", ns, cancellationToken: Ct);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "10" }, cm.Data);

        var failing = new V1Patch("""[{"op":"test","path":"/data/a","value":"1"}]""", V1Patch.PatchType.JsonPatch);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(failing, "c", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
    }

    [Fact]
    public async Task Merge_patch_sets_and_null_deletes()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "patch");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c", Labels = new Dictionary<string, string> { ["keep"] = "y", ["drop"] = "y" } } }, ns, cancellationToken: Ct);

        var patch = new V1Patch("""{"metadata":{"labels":{"drop":null,"new":"y"}},"data":{"k":"v"}}""", V1Patch.PatchType.MergePatch);
        var cm = await client.CoreV1.PatchNamespacedConfigMapAsync(patch, "c", ns, cancellationToken: Ct);
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "y", ["new"] = "y" }, cm.Metadata.Labels);
        Assert.Equal("v", cm.Data["k"]);
    }

    [Fact]
    public async Task Strategic_merge_patch_merges_service_account_secrets_by_name()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "patch");
        await client.CoreV1.CreateNamespacedServiceAccountAsync(
            new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "sa" }, Secrets = [new V1ObjectReference { Name = "a" }, new V1ObjectReference { Name = "b" }] }, ns, cancellationToken: Ct);

        var patch = new V1Patch("""{"secrets":[{"name":"c"},{"name":"a","namespace":"x"},{"name":"b","$patch":"delete"}]}""", V1Patch.PatchType.StrategicMergePatch);
        var sa = await client.CoreV1.PatchNamespacedServiceAccountAsync(patch, "sa", ns, cancellationToken: Ct);
        Assert.Equal(["a", "c"], sa.Secrets.Select(s => s.Name).Order());
        Assert.Equal("x", sa.Secrets.Single(s => s.Name == "a").NamespaceProperty);
    }

    [Fact]
    public async Task Apply_patch_creates_records_managers_conflicts_and_forces()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "patch");
        var applied = new V1Patch($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"{{{ns}}}"},"data":{"a":"1"}}""", V1Patch.PatchType.ApplyPatch);
        var cm = await client.CoreV1.PatchNamespacedConfigMapAsync(applied, "c", ns, fieldManager: "first", cancellationToken: Ct);
        Assert.Equal("1", cm.Data["a"]);
        var entry = Assert.Single(cm.Metadata.ManagedFields);
        Assert.Equal(("first", "Apply"), (entry.Manager, entry.Operation));

        var rival = new V1Patch($$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"{{{ns}}}"},"data":{"a":"2"}}""", V1Patch.PatchType.ApplyPatch);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(rival, "c", ns, fieldManager: "second", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
        var status = JsonDocument.Parse(e.Response.Content).RootElement;
        Assert.Equal("Apply failed with 1 conflict: conflict with \"first\": .data.a", status.GetProperty("message").GetString());
        var cause = status.GetProperty("details").GetProperty("causes")[0];
        Assert.Equal(("FieldManagerConflict", ".data.a"), (cause.GetProperty("reason").GetString(), cause.GetProperty("field").GetString()));

        cm = await client.CoreV1.PatchNamespacedConfigMapAsync(rival, "c", ns, fieldManager: "second", force: true, cancellationToken: Ct);
        Assert.Equal("2", cm.Data["a"]);
        Assert.Equal("second", Assert.Single(cm.Metadata.ManagedFields).Manager);

        var missingManager = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.PatchNamespacedConfigMapAsync(rival, "c", ns, cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missingManager.Response.StatusCode);
    }

    [Fact]
    public async Task Strategic_merge_patch_of_a_custom_resource_is_UnsupportedMediaType()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "patch");
        using var http = cluster.CreateHttpClient();
        await Widgets.CreateAsync(http, ns, Widgets.New("w"));

        var patch = new V1Patch("""{"spec":{"size":2}}""", V1Patch.PatchType.StrategicMergePatch);
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CustomObjects.PatchNamespacedCustomObjectAsync(patch, "example.com", "v1", ns, "widgets", "w", cancellationToken: Ct));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, e.Response.StatusCode);
        var status = JsonDocument.Parse(e.Response.Content).RootElement;
        Assert.Equal("UnsupportedMediaType", status.GetProperty("reason").GetString());
        Assert.Equal(
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            status.GetProperty("message").GetString());
    }
}
