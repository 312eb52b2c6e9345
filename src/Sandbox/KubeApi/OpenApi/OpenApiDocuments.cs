using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;

namespace AcrOperator.Sandbox.KubeApi.OpenApi;

/// <summary>The /openapi/v3 index and per group-version documents kubectl needs. (Contract; implemented on the schema branch.)</summary>
public static class OpenApiDocuments
{
    /// <summary>The <c>GET /openapi/v3</c> index: paths to per-GV documents with a <c>?hash=</c> that changes when their content does.</summary>
    public static JsonObject Index(IReadOnlyList<ResourceDescriptor> resources) => throw new NotImplementedException();

    /// <summary>The document for <c>api/v1</c> or <c>apis/{group}/{version}</c>; null when no resource is served there.</summary>
    public static JsonObject? ForGroupVersion(IReadOnlyList<ResourceDescriptor> resources, string path) => throw new NotImplementedException();
}
