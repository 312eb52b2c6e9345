using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Tables;

namespace AcrOperator.Sandbox.Tests.KubeApi.Tables;

/// <summary>The JSONPath subset of printer columns, and apimachinery's HumanDuration.</summary>
public sealed class JsonPathAndAgeTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {"metadata":{"name":"w","labels":{"app.kubernetes.io/name":"web"}},
         "spec":{"replicas":3,"ports":[{"name":"http","port":80},{"name":"https","port":443}]},
         "status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}
        """)!;

    [Theory]
    [InlineData(".spec.replicas", "[3]")]
    [InlineData("{.spec.replicas}", "[3]")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "[\"True\"]")]
    [InlineData(".status.conditions[?(@.type=='Ready')].status", "[\"True\"]")]
    [InlineData(".status.conditions[?(@.type!=\"Ready\")].type", "[\"Synced\"]")]
    [InlineData(".spec.ports[?(@.port > 100)].name", "[\"https\"]")]
    [InlineData(".spec.ports[*].port", "[80,443]")]
    [InlineData(".spec.ports[-1].name", "[\"https\"]")]
    [InlineData(".spec.ports[0].name", "[\"http\"]")]
    [InlineData(".metadata.labels['app.kubernetes.io/name']", "[\"web\"]")]
    [InlineData(".metadata.missing", "[]")]
    [InlineData(".spec.ports[5]", "[]")]
    public void Paths_select_what_kubernetes_jsonpath_selects(string path, string expected)
    {
        Assert.Equal(expected, new JsonArray([.. JsonPathExpression.Parse(path).Evaluate(Document).Select(n => n?.DeepClone())]).ToJsonString());
    }

    [Theory]
    [InlineData(-5, "<invalid>")]
    [InlineData(-1, "0s")]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(120, "2m")]
    [InlineData(312, "5m12s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 - 1, "179m")]
    [InlineData(3 * 3600, "3h")]
    [InlineData(7 * 3600 + 1800, "7h30m")]
    [InlineData(8 * 3600, "8h")]
    [InlineData(50 * 3600, "2d2h")]
    [InlineData(9 * 86400, "9d")]
    [InlineData(800 * 86400, "2y70d")]
    [InlineData(3000 * 86400, "8y")]
    public void Ages_read_like_kubectl(int seconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));
    }
}
