using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Tests.KubeApi;

public sealed class ConfigDataValidationTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    [Fact]
    public async Task Secret_data_must_be_base64_and_stringData_strings()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "data");
        var path = $"/api/v1/namespaces/{ns}/secrets";
        var cases = new (string Body, string Message)[]
        {
            ("""{"data":{"k":"not base64!"}}""", "illegal base64 data at input byte 3"),
            ("""{"data":{"k":"YWJj="}}""", "illegal base64 data at input byte 4"),
            ("""{"data":{"k":"YQ"}}""", "illegal base64 data at input byte 0"),
            ("""{"data":{"k":"YQ==YQ=="}}""", "illegal base64 data at input byte 4"),
            ("""{"data":{"k":1}}""", "json: cannot unmarshal number into Go struct field Secret.data of type []uint8"),
            ("""{"stringData":{"k":1}}""", "json: cannot unmarshal number into Go struct field Secret.stringData of type string"),
            ("""{"stringData":"k"}""", "json: cannot unmarshal string into Go struct field Secret.stringData of type map[string]string"),
        };
        foreach (var (body, message) in cases)
        {
            var secret = JsonNode.Parse(body)!.AsObject();
            secret["metadata"] = new JsonObject { ["name"] = "s" };
            var (code, status) = await Widgets.SendAsync(http, HttpMethod.Post, path, secret);
            Assert.Equal(400, code);
            Assert.Equal("Secret in version \"v1\" cannot be handled as a Secret: " + message, (string?)status["message"]);
        }

        var (okCode, ok) = await Widgets.SendAsync(http, HttpMethod.Post, path, JsonNode.Parse("""{"metadata":{"name":"s"},"data":{"a":"YWJj","b":"YQ==\n"}}"""));
        Assert.Equal(201, okCode);
        Assert.Equal("YWJj", (string?)ok["data"]!["a"]);
    }

    [Fact]
    public async Task ConfigMap_and_Secret_keys_must_be_config_keys()
    {
        using var http = cluster.CreateHttpClient();
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "data");
        var (code, status) = await Widgets.SendAsync(http, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", JsonNode.Parse("""{"metadata":{"name":"c"},"data":{"a b":"x","..x":"y"}}"""));
        Assert.Equal(422, code);
        Assert.Equal(
            [
                "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
                "data[..x]: Invalid value: \"..x\": must not start with '..'",
            ],
            status["details"]!["causes"]!.AsArray().Select(c => $"{c!["field"]}: {c["message"]}"));

        (code, status) = await Widgets.SendAsync(http, HttpMethod.Post, $"/api/v1/namespaces/{ns}/secrets", JsonNode.Parse("""{"metadata":{"name":"s"},"stringData":{"a/b":"x"}}"""));
        Assert.Equal(422, code);
        Assert.StartsWith("Secret \"s\" is invalid: data[a/b]: Invalid value: \"a/b\": a valid config key", (string?)status["message"], StringComparison.Ordinal);

        (code, status) = await Widgets.SendAsync(http, HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", JsonNode.Parse("""{"metadata":{"name":"c"},"data":{"k":1}}"""));
        Assert.Equal(400, code);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string", (string?)status["message"]);
    }
}
