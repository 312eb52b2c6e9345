using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>RFC 6902 JSON Patch. (Contract; implemented on the patching branch.)</summary>
public static class JsonPatch
{
    /// <summary>Applies the operations to a copy of <paramref name="target"/>; throws <see cref="PatchException"/>.</summary>
    public static JsonNode Apply(JsonNode target, JsonArray operations) => throw new NotImplementedException();
}
