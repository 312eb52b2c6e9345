using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;

namespace AcrOperator.Sandbox.KubeApi.Tables;

/// <summary>meta.k8s.io/v1 Table responses for kubectl get. (Contract; implemented on the schema branch.)</summary>
public static class TableBuilder
{
    /// <summary>
    /// Builds a Table of the objects with the resource's printer columns (Name first; Age from creationTimestamp relative to
    /// <paramref name="now"/>). <paramref name="includeObject"/> is the request's includeObject: None, Metadata (default) or Object.
    /// </summary>
    public static JsonObject Build(ResourceDescriptor resource, IReadOnlyList<JsonObject> objects, string resourceVersion, string? continueToken, string includeObject, DateTimeOffset now)
        => throw new NotImplementedException();
}
