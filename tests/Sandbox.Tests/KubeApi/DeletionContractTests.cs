using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using AcrOperator.Sandbox.KubeApi;
using AcrOperator.Sandbox.KubeApi.Controllers;
using AcrOperator.Sandbox.KubeApi.Registry;
using AcrOperator.Sandbox.KubeApi.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcrOperator.Sandbox.Tests.KubeApi;

public sealed class DeletionContractTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    [Fact]
    public async Task Finalizers_hold_the_object_until_the_last_one_is_removed()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "fin");
        var widget = Widgets.New("w");
        widget["metadata"]!["finalizers"] = new JsonArray("example.com/cleanup");
        await Widgets.CreateAsync(http, ns, widget);

        var (code, deleting) = await Widgets.SendAsync(http, HttpMethod.Delete, Widgets.Path(ns, "w"));
        Assert.Equal(200, code);
        Assert.Equal("Widget", (string?)deleting["kind"]);
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.Equal(0, (int)deleting["metadata"]!["deletionGracePeriodSeconds"]!);
        Assert.Equal(2, (long)deleting["metadata"]!["generation"]!);

        var (again, repeated) = await Widgets.SendAsync(http, HttpMethod.Delete, Widgets.Path(ns, "w"));
        Assert.Equal(200, again);
        Assert.Equal((string?)deleting["metadata"]!["resourceVersion"], (string?)repeated["metadata"]!["resourceVersion"]);

        var adding = deleting.DeepClone().AsObject();
        adding["metadata"]!["finalizers"]!.AsArray().Add("x");
        var (forbidden, refusal) = await Widgets.SendAsync(http, HttpMethod.Put, Widgets.Path(ns, "w"), adding);
        Assert.Equal(422, forbidden);
        Assert.Contains("no new finalizers can be added if the object is being deleted, found new finalizers []string{\"x\"}", (string?)refusal["message"], StringComparison.Ordinal);

        var releasing = deleting.DeepClone().AsObject();
        releasing["metadata"]!["finalizers"] = new JsonArray();
        var (released, _) = await Widgets.SendAsync(http, HttpMethod.Put, Widgets.Path(ns, "w"), releasing);
        Assert.Equal(200, released);
        Assert.Equal(404, (await Widgets.SendAsync(http, HttpMethod.Get, Widgets.Path(ns, "w"))).Code);
    }

    [Fact]
    public async Task Delete_without_finalizers_answers_a_success_status_and_checks_preconditions()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "del");
        var created = await Widgets.CreateAsync(http, ns, Widgets.New("w"));

        var (conflict, status) = await Widgets.SendAsync(http, HttpMethod.Delete, Widgets.Path(ns, "w"), new JsonObject { ["preconditions"] = new JsonObject { ["uid"] = "other" } });
        Assert.Equal(409, conflict);
        Assert.Equal("Conflict", (string?)status["reason"]);

        var (code, body) = await Widgets.SendAsync(http, HttpMethod.Delete, Widgets.Path(ns, "w"), new JsonObject { ["propagationPolicy"] = "Background" });
        Assert.Equal(200, code);
        Assert.Equal("Success", (string?)body["status"]);
        Assert.Equal("widgets", (string?)body["details"]!["kind"]);
        Assert.Equal("example.com", (string?)body["details"]!["group"]);
        Assert.Equal((string?)created["metadata"]!["uid"], (string?)body["details"]!["uid"]);
    }

    [Fact]
    public async Task Namespace_deletion_terminates_removes_content_and_refuses_new_content()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "term");
        var created = await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("Active", created.Status.Phase);
        Assert.Equal(["kubernetes"], created.Spec.Finalizers);
        var cm = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] } };
        await client.CoreV1.CreateNamespacedConfigMapAsync(cm, ns, cancellationToken: TestContext.Current.CancellationToken);

        using var http = cluster.CreateHttpClient();
        var (code, deleting) = await Widgets.SendAsync(http, HttpMethod.Delete, $"/api/v1/namespaces/{ns}");
        Assert.Equal(200, code);
        Assert.Equal("Terminating", (string?)deleting["status"]!["phase"]);
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() =>
            client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "late" } }, ns, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Response.StatusCode);
        Assert.Equal(
            $"configmaps \"late\" is forbidden: unable to create new content in namespace {ns} because it is being terminated",
            (string?)JsonNode.Parse(refused.Response.Content)!["message"]);

        await Eventually.TrueAsync(async () =>
            (await client.CoreV1.ReadNamespacedConfigMapAsync("held", ns, cancellationToken: TestContext.Current.CancellationToken)).Metadata.DeletionTimestamp is not null);
        Assert.NotNull(await client.CoreV1.ReadNamespaceAsync(ns, cancellationToken: TestContext.Current.CancellationToken));

        var held = await client.CoreV1.ReadNamespacedConfigMapAsync("held", ns, cancellationToken: TestContext.Current.CancellationToken);
        held.Metadata.Finalizers = [];
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(held, "held", ns, cancellationToken: TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(async () => !(await client.CoreV1.ListNamespaceAsync(cancellationToken: TestContext.Current.CancellationToken)).Items.Any(n => n.Metadata.Name == ns));
    }

    [Fact]
    public async Task Default_namespace_may_not_be_deleted()
    {
        using var client = cluster.CreateClient();
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.DeleteNamespaceAsync("default", cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        Assert.Equal("namespaces \"default\" is forbidden: this namespace may not be deleted", (string?)JsonNode.Parse(error.Response.Content)!["message"]);
    }

    [Theory]
    [InlineData("Background")]
    [InlineData("Foreground")]
    [InlineData("Orphan")]
    public async Task Garbage_collection_follows_the_propagation_policy(string policy)
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "gc");
        var owner = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "owner" } }, ns, cancellationToken: TestContext.Current.CancellationToken);
        var reference = new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid, BlockOwnerDeletion = true };
        await client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "dependent", OwnerReferences = [reference] } }, ns, cancellationToken: TestContext.Current.CancellationToken);

        await client.CoreV1.DeleteNamespacedConfigMapAsync("owner", ns, new V1DeleteOptions { PropagationPolicy = policy }, cancellationToken: TestContext.Current.CancellationToken);

        await Eventually.TrueAsync(async () => (await client.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items.Count == 0);
        var secrets = (await client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items;
        if (policy == "Orphan")
        {
            var orphan = Assert.Single(secrets);
            Assert.True(orphan.Metadata.OwnerReferences is null or { Count: 0 });
        }
        else
        {
            await Eventually.TrueAsync(async () => (await client.CoreV1.ListNamespacedSecretAsync(ns, cancellationToken: TestContext.Current.CancellationToken)).Items.Count == 0);
        }
    }

    [Fact]
    public async Task Dependents_of_a_missing_owner_are_collected_without_waiting_for_a_deletion()
    {
        // A cluster of its own: on the shared one, other tests' deletions would wake the garbage collector anyway.
        var registry = new ResourceRegistry();
        var store = new ObjectStore(TimeProvider.System, 1000, null);
        var operations = new ResourceOperations(store, registry, new KubeApiServerOptions());
        await using var controllers = new ClusterControllers(operations, NullLogger.Instance);
        var configMaps = registry.All.First(r => r.Descriptor.Plural == "configmaps");
        operations.Create(BuiltinResources.Namespaces, string.Empty, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "gc" } }, WriteOptions.Controller);
        var missingOwner = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "gone", ["uid"] = Guid.NewGuid().ToString() });
        operations.Create(configMaps, "gc", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "created", ["ownerReferences"] = missingOwner.DeepClone() } }, WriteOptions.Controller);
        operations.Create(configMaps, "gc", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "updated" } }, WriteOptions.Controller);
        operations.Update(configMaps, "gc", "updated", null, () => new JsonObject { ["metadata"] = new JsonObject { ["name"] = "updated", ["ownerReferences"] = missingOwner.DeepClone() } }, WriteOptions.Controller);

        await Eventually.TrueAsync(() => Task.FromResult(Gone("created") && Gone("updated")));

        bool Gone(string name)
        {
            lock (store.Gate)
            {
                return store.Get(configMaps.StorageKey, ObjectStore.KeyOf("gc", name)) is null;
            }
        }
    }
}
