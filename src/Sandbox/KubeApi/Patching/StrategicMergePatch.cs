using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>Strategic merge patch for the built-in kinds the emulator serves. (Contract; implemented on the patching branch.)</summary>
public static class StrategicMergePatch
{
    /// <summary>Whether strategic merge is defined for the kind (built-ins only; custom resources answer 415).</summary>
    public static bool Supports(string group, string kind) => throw new NotImplementedException();

    public static JsonNode Apply(JsonNode target, JsonNode patch, string group, string kind) => throw new NotImplementedException();
}
