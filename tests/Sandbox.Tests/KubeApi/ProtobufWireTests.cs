using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Protobuf;
using k8s;
using k8s.Models;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>Protobuf negotiation as kubectl's typed clients meet it: built-in kinds speak it, custom resources do not.</summary>
public sealed class ProtobufWireTests(EmulatorCluster cluster)
{
    private const string Protobuf = "application/vnd.kubernetes.protobuf";

    private readonly IClusterUnderTest cluster = cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Built_in_kinds_answer_protobuf_when_accept_prefers_it_and_custom_resources_answer_json()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "protobuf");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "c" }, Data = new Dictionary<string, string> { ["k"] = "v" } }, ns, cancellationToken: Ct);
        using var http = cluster.CreateHttpClient();
        await Widgets.CreateAsync(http, ns, Widgets.New("w"));

        using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/c");
        get.Headers.Accept.ParseAdd(Protobuf + ",application/json");
        using var response = await http.SendAsync(get, Ct);
        Assert.Equal(Protobuf, response.Content.Headers.ContentType?.MediaType);
        var cm = ProtobufCodec.Decode(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("v", (string?)cm["data"]?["k"]);
        Assert.Equal("c", (string?)cm["metadata"]?["name"]);

        using var list = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
        list.Headers.Accept.ParseAdd(Protobuf + ",application/json");
        using var listed = await http.SendAsync(list, Ct);
        Assert.Equal(Protobuf, listed.Content.Headers.ContentType?.MediaType);

        using var widget = new HttpRequestMessage(HttpMethod.Get, Widgets.Path(ns, "w"));
        widget.Headers.Accept.ParseAdd(Protobuf + ",application/json");
        using var json = await http.SendAsync(widget, Ct);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_protobuf_body_for_a_custom_resource_is_UnsupportedMediaType()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "protobuf");
        using var http = cluster.CreateHttpClient();
        var body = ProtobufCodec.Encode(
            JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}""")!.AsObject(), KubernetesMessages.ConfigMap);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(Protobuf);
        using var response = await http.PostAsync(Widgets.Path(ns), content, Ct);
        Assert.Equal(415, (int)response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal("UnsupportedMediaType", (string?)status["reason"]);

        using var good = new ByteArrayContent(body);
        good.Headers.ContentType = new MediaTypeHeaderValue(Protobuf);
        using var created = await http.PostAsync($"/api/v1/namespaces/{ns}/configmaps", good, Ct);
        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal("application/json", created.Content.Headers.ContentType?.MediaType);
    }
}
