using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Tests.KubeApi;

public sealed class CustomResourceContractTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    [Fact]
    public async Task Generation_moves_on_spec_changes_only_and_status_goes_through_the_subresource()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "cr");
        var input = Widgets.New("w");
        input["status"] = new JsonObject { ["phase"] = "Ignored" };
        var created = await Widgets.CreateAsync(http, ns, input);
        Assert.Equal(1, (long)created["metadata"]!["generation"]!);
        Assert.Null(created["status"]);

        var labelled = created.DeepClone().AsObject();
        labelled["metadata"]!["labels"] = new JsonObject { ["a"] = "b" };
        var (code, afterLabel) = await Widgets.SendAsync(http, HttpMethod.Put, Widgets.Path(ns, "w"), labelled);
        Assert.Equal(200, code);
        Assert.Equal(1, (long)afterLabel["metadata"]!["generation"]!);

        var resized = afterLabel.DeepClone().AsObject();
        resized["spec"]!["size"] = 2;
        resized["status"] = new JsonObject { ["phase"] = "StillIgnored" };
        var (_, afterSpec) = await Widgets.SendAsync(http, HttpMethod.Put, Widgets.Path(ns, "w"), resized);
        Assert.Equal(2, (long)afterSpec["metadata"]!["generation"]!);
        Assert.Null(afterSpec["status"]);

        var statusWrite = afterSpec.DeepClone().AsObject();
        statusWrite["status"] = new JsonObject { ["phase"] = "Ready", ["observedGeneration"] = 2 };
        statusWrite["spec"]!["size"] = 99;
        var (statusCode, afterStatus) = await Widgets.SendAsync(http, HttpMethod.Put, Widgets.Path(ns, "w", "status"), statusWrite);
        Assert.Equal(200, statusCode);
        Assert.Equal("Ready", (string?)afterStatus["status"]!["phase"]);
        Assert.Equal(2, (int)afterStatus["spec"]!["size"]!);
        Assert.Equal(2, (long)afterStatus["metadata"]!["generation"]!);

        var (sameCode, same) = await Widgets.SendAsync(http, HttpMethod.Put, Widgets.Path(ns, "w", "status"), afterStatus);
        Assert.Equal(200, sameCode);
        Assert.Equal((string?)afterStatus["metadata"]!["resourceVersion"], (string?)same["metadata"]!["resourceVersion"]);

        var (conflict, _) = await Widgets.SendAsync(http, HttpMethod.Put, Widgets.Path(ns, "w", "status"), statusWrite);
        Assert.Equal(409, conflict);
    }

    [Fact]
    public async Task Crd_is_established_and_served_in_discovery()
    {
        using var http = cluster.CreateHttpClient();
        var (code, crd) = await Widgets.SendAsync(http, HttpMethod.Get, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com");
        Assert.Equal(200, code);
        var conditions = crd["status"]!["conditions"]!.AsArray();
        Assert.Contains(conditions, c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True");
        Assert.Contains(conditions, c => (string?)c!["type"] == "NamesAccepted" && (string?)c["status"] == "True");
        Assert.Contains("customresourcecleanup.apiextensions.k8s.io", crd["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));

        var (_, resources) = await Widgets.SendAsync(http, HttpMethod.Get, "/apis/example.com/v1");
        Assert.Contains(resources["resources"]!.AsArray(), r => (string?)r!["name"] == "widgets/status");
    }

    [Fact]
    public async Task Deleting_a_crd_removes_its_instances_and_its_endpoints()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "crd");
        var crd = Widgets.Crd.DeepClone().AsObject();
        crd["metadata"]!["name"] = "gadgets.example.org";
        crd["spec"]!["group"] = "example.org";
        crd["spec"]!["names"] = new JsonObject { ["plural"] = "gadgets", ["kind"] = "Gadget" };
        var (created, _) = await Widgets.SendAsync(http, HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd);
        Assert.Equal(201, created);
        var gadget = new JsonObject { ["apiVersion"] = "example.org/v1", ["kind"] = "Gadget", ["metadata"] = new JsonObject { ["name"] = "g" } };
        var (made, _) = await Widgets.SendAsync(http, HttpMethod.Post, $"/apis/example.org/v1/namespaces/{ns}/gadgets", gadget);
        Assert.Equal(201, made);

        var (deleted, _) = await Widgets.SendAsync(http, HttpMethod.Delete, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.org");
        Assert.Equal(200, deleted);
        await Eventually.TrueAsync(async () =>
            (await Widgets.SendAsync(http, HttpMethod.Get, $"/apis/example.org/v1/namespaces/{ns}/gadgets")).Code == 404);
    }

    [Fact]
    public async Task Unknown_field_selector_on_a_custom_resource_is_BadRequest()
    {
        using var http = cluster.CreateHttpClient();
        var (code, body) = await Widgets.SendAsync(http, HttpMethod.Get, "/apis/example.com/v1/widgets?fieldSelector=spec.size%3D1");
        Assert.Equal(400, code);
        Assert.Equal("field label not supported: spec.size", (string?)body["message"]);
    }
}
