using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>
/// A test CRD (widgets.example.com, namespaced, status subresource, schema that keeps every field) and raw helpers
/// for its objects. Its schema gives defaulting, pruning and validation nothing to do, so these tests do not
/// depend on the schema library.
/// </summary>
public static class Widgets
{
    public static readonly JsonObject Crd = JsonNode.Parse("""
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"widgets.example.com"},
         "spec":{"group":"example.com","scope":"Namespaced",
          "names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},
          "versions":[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},
            "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """)!.AsObject();

    public static async Task InstallAsync(IClusterUnderTest cluster)
    {
        using var http = cluster.CreateHttpClient();
        using var response = await http.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Json(Crd));
        if (response.StatusCode != System.Net.HttpStatusCode.Conflict)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    public static string Path(string ns, string? name = null, string? sub = null) =>
        $"/apis/example.com/v1/namespaces/{ns}/widgets" + (name is null ? string.Empty : "/" + name) + (sub is null ? string.Empty : "/" + sub);

    public static JsonObject New(string name, JsonObject? spec = null) => new()
    {
        ["apiVersion"] = "example.com/v1",
        ["kind"] = "Widget",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["spec"] = spec ?? new JsonObject { ["size"] = 1 },
    };

    public static StringContent Json(JsonNode node, string type = "application/json") => new(node.ToJsonString(), Encoding.UTF8, type);

    public static async Task<(int Code, JsonObject Body)> SendAsync(HttpClient http, HttpMethod method, string path, JsonNode? body = null, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = Json(body, type);
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    public static async Task<JsonObject> CreateAsync(HttpClient http, string ns, JsonObject widget)
    {
        using var response = await http.PostAsync(Path(ns), Json(widget));
        Assert.Equal(201, (int)response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
