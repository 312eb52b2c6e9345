using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>RFC 7386 JSON Merge Patch. (Contract; implemented on the patching branch.)</summary>
public static class MergePatch
{
    /// <summary>Returns a new document: <paramref name="target"/> with <paramref name="patch"/> merged in; null deletes a key.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => throw new NotImplementedException();
}
