using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>Exact wire details clients depend on: version, discovery negotiation, content types and Status bodies.</summary>
public sealed class WireTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> GetAsync(string path, string? accept = null)
    {
        using var http = cluster.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await http.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Version_reports_minor_32()
    {
        using var response = await GetAsync("/version?timeout=5s", "application/json, */*");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("1", (string?)body["major"]);
        Assert.Equal("32", (string?)body["minor"]);
        Assert.StartsWith("v1.32.", (string?)body["gitVersion"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aggregated_discovery_is_negotiated_with_its_exact_content_type()
    {
        const string kubectlAccept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
        using var v2 = await GetAsync("/apis", kubectlAccept);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", v2.Content.Headers.NonValidated["Content-Type"].ToString());
        var groups = JsonNode.Parse(await v2.Content.ReadAsStringAsync(Ct))!["items"]!.AsArray();
        Assert.Contains(groups, g => (string?)g!["metadata"]!["name"] == "coordination.k8s.io");
        Assert.Contains(groups, g => (string?)g!["metadata"]!["name"] == "example.com");

        using var v2beta1 = await GetAsync("/api", "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList", v2beta1.Content.Headers.NonValidated["Content-Type"].ToString());

        using var legacy = await GetAsync("/api");
        Assert.Equal("APIVersions", (string?)JsonNode.Parse(await legacy.Content.ReadAsStringAsync(Ct))!["kind"]);
        using var resources = await GetAsync("/api/v1");
        var list = JsonNode.Parse(await resources.Content.ReadAsStringAsync(Ct))!;
        Assert.Contains(list["resources"]!.AsArray(), r => (string?)r!["name"] == "namespaces/status");
    }

    [Fact]
    public async Task Unsupported_accept_is_406_and_unknown_patch_type_is_415()
    {
        using var notAcceptable = await GetAsync("/api/v1/namespaces", "application/xml");
        Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable.StatusCode);
        Assert.Equal("NotAcceptable", (string?)JsonNode.Parse(await notAcceptable.Content.ReadAsStringAsync(Ct))!["reason"]);

        using var http = cluster.CreateHttpClient();
        using var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/namespaces/default") { Content = new StringContent("{}", Encoding.UTF8, "text/plain") };
        using var unsupported = await http.SendAsync(patch, Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
        Assert.Equal(
            "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            (string?)JsonNode.Parse(await unsupported.Content.ReadAsStringAsync(Ct))!["message"]);

        using var strategic = new HttpRequestMessage(HttpMethod.Patch, Widgets.Path("default", "any")) { Content = new StringContent("{}", Encoding.UTF8, "application/strategic-merge-patch+json") };
        using var forCustom = await http.SendAsync(strategic, Ct);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, forCustom.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_400_and_oversized_bodies_are_413_without_changing_state()
    {
        using var http = cluster.CreateHttpClient();
        using var malformed = await http.PostAsync("/api/v1/namespaces/default/configmaps", new StringContent("{\"metadata\":", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var status = JsonNode.Parse(await malformed.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal("BadRequest", (string?)status["reason"]);
        Assert.Equal(400, (int)status["code"]!);

        var big = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "big" }, ["data"] = new JsonObject { ["x"] = new string('x', (3 * 1024 * 1024) + 10) } };
        using var tooLarge = await http.PostAsync("/api/v1/namespaces/default/configmaps", Widgets.Json(big), Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        using var after = await http.GetAsync("/api/v1/namespaces/default/configmaps/big", Ct);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task PartialObjectMetadata_is_served_for_lenient_accept_headers()
    {
        using var http = cluster.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces");
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json; as=PartialObjectMetadataList; g=meta.k8s.io; v=v1"));
        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("PartialObjectMetadataList", (string?)list["kind"]);
        Assert.Equal("meta.k8s.io/v1", (string?)list["apiVersion"]);
        var item = list["items"]!.AsArray().First()!;
        Assert.Equal("PartialObjectMetadata", (string?)item["kind"]);
        Assert.Null(item["spec"]);
        Assert.NotNull(item["metadata"]!["name"]);

        using var one = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default");
        one.Headers.TryAddWithoutValidation("Accept", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1");
        using var single = await http.SendAsync(one, Ct);
        Assert.Equal("PartialObjectMetadata", (string?)JsonNode.Parse(await single.Content.ReadAsStringAsync(Ct))!["kind"]);
    }

    [Fact]
    public async Task List_shape_names_the_list_kind_and_the_store_revision()
    {
        using var response = await GetAsync("/apis/example.com/v1/widgets");
        var list = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("WidgetList", (string?)list["kind"]);
        Assert.Equal("example.com/v1", (string?)list["apiVersion"]);
        Assert.NotNull(list["metadata"]!["resourceVersion"]);
    }
}
