using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AcrOperator.Sandbox.Tests.KubeApi;

public sealed class CrudContractTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    [Fact]
    public async Task Create_sets_server_fields_and_get_returns_the_object()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "crud");
        var created = await client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "cm-" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, ns, cancellationToken: TestContext.Current.CancellationToken);

        Assert.StartsWith("cm-", created.Metadata.Name, StringComparison.Ordinal);
        Assert.Equal(8, created.Metadata.Name.Length);
        Assert.True(Guid.TryParse(created.Metadata.Uid, out _));
        Assert.NotNull(created.Metadata.CreationTimestamp);
        Assert.True(long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > 0);
        var read = await client.CoreV1.ReadNamespacedConfigMapAsync(created.Metadata.Name, ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("v", read.Data["k"]);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Duplicate_create_is_AlreadyExists_and_missing_is_NotFound()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "crud");
        var cm = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dup" } };
        await client.CoreV1.CreateNamespacedConfigMapAsync(cm, ns, cancellationToken: TestContext.Current.CancellationToken);

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.CreateNamespacedConfigMapAsync(cm, ns, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = JsonNode.Parse(conflict.Response.Content)!;
        Assert.Equal("AlreadyExists", (string?)status["reason"]);
        Assert.Equal("configmaps \"dup\" already exists", (string?)status["message"]);

        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReadNamespacedConfigMapAsync("nope", ns, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        var notFound = JsonNode.Parse(missing.Response.Content)!;
        Assert.Equal("configmaps \"nope\" not found", (string?)notFound["message"]);
        Assert.Equal("configmaps", (string?)notFound["details"]!["kind"]);
        Assert.Equal(404, (int)notFound["code"]!);
    }

    [Fact]
    public async Task Stale_resourceVersion_on_update_is_Conflict_and_identical_update_changes_nothing()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "crud");
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, ns, cancellationToken: TestContext.Current.CancellationToken);
        var staleVersion = cm.Metadata.ResourceVersion;

        var same = await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "c", ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(staleVersion, same.Metadata.ResourceVersion);

        cm.Data["a"] = "2";
        var updated = await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "c", ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEqual(staleVersion, updated.Metadata.ResourceVersion);

        cm.Metadata.ResourceVersion = staleVersion;
        cm.Data["a"] = "3";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "c", ns, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Equal(
            "Operation cannot be fulfilled on configmaps \"c\": the object has been modified; please apply your changes to the latest version and try again",
            (string?)JsonNode.Parse(error.Response.Content)!["message"]);
        var stored = await client.CoreV1.ReadNamespacedConfigMapAsync("c", ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("2", stored.Data["a"]);
    }

    [Fact]
    public async Task Custom_resource_update_needs_a_resourceVersion_and_name_must_match_the_url()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "crud");
        await Widgets.CreateAsync(http, ns, Widgets.New("w1"));

        var (code, body) = await Widgets.SendAsync(http, HttpMethod.Put, Widgets.Path(ns, "w1"), Widgets.New("w1"));
        Assert.Equal(422, code);
        Assert.Equal("Widget.example.com \"w1\" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update", (string?)body["message"]);

        (code, body) = await Widgets.SendAsync(http, HttpMethod.Put, Widgets.Path(ns, "w1"), Widgets.New("other"));
        Assert.Equal(400, code);
        Assert.Equal("the name of the object (other) does not match the name on the URL (w1)", (string?)body["message"]);

        var wrongNs = Widgets.New("w2");
        wrongNs["metadata"]!["namespace"] = "elsewhere";
        (code, body) = await Widgets.SendAsync(http, HttpMethod.Post, Widgets.Path(ns), wrongNs);
        Assert.Equal(400, code);
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", (string?)body["message"]);
    }

    [Fact]
    public async Task Secrets_merge_stringData_into_data()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "crud");
        var secret = await client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "s" }, StringData = new Dictionary<string, string> { ["password"] = "hunter2" } }, ns, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Null(secret.StringData);
        Assert.Equal("hunter2", System.Text.Encoding.UTF8.GetString(secret.Data["password"]));
    }

    [Fact]
    public async Task Events_of_both_apis_are_stored_and_validated()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "events");
        var now = DateTime.UtcNow;
        await client.CoreV1.CreateNamespacedEventAsync(
            new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = "e1" },
                InvolvedObject = new V1ObjectReference { Kind = "ConfigMap", Name = "c", NamespaceProperty = ns },
                Reason = "Synced",
                Message = "ok",
                Type = "Normal",
                FirstTimestamp = now,
                LastTimestamp = now,
                Count = 1,
            },
            ns,
            cancellationToken: TestContext.Current.CancellationToken);
        var byReason = await client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: "reason=Synced,involvedObject.name=c", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Single(byReason.Items);

        var created = await client.EventsV1.CreateNamespacedEventAsync(
            new Eventsv1Event
            {
                Metadata = new V1ObjectMeta { Name = "e2" },
                EventTime = now,
                Type = "Normal",
                Reason = "Synced",
                Action = "Reconcile",
                ReportingController = "acr.operator.dev/controller",
                ReportingInstance = "controller-1",
                Regarding = new V1ObjectReference { Kind = "ConfigMap", Name = "c", NamespaceProperty = ns },
                Note = "done",
            },
            ns,
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal("Reconcile", created.Action);

        var invalid = await Assert.ThrowsAsync<HttpOperationException>(() => client.EventsV1.CreateNamespacedEventAsync(
            new Eventsv1Event { Metadata = new V1ObjectMeta { Name = "e3" }, EventTime = now, Type = "Odd" }, ns, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.Response.StatusCode);
    }
}
