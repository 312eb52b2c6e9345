using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Tests.KubeApi.Patching;

/// <summary>Parsing and comparison helpers for the patching tests.</summary>
internal static class Json
{
    public static JsonNode Parse(string json) => JsonNode.Parse(json) ?? throw new ArgumentException("JSON null", nameof(json));

    public static JsonObject Object(string json) => (JsonObject)Parse(json);

    /// <summary>Structural equality (object member order ignored, array order kept), with both documents in the failure.</summary>
    public static void AssertEqual(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual), $"expected {expectedNode?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
    }
}
