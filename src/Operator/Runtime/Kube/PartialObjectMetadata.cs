using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace AcrOperator.Runtime.Kube;

/// <summary>
/// An object's metadata only (meta.k8s.io/v1 PartialObjectMetadata), asked for with the Accept header so
/// that caches of kinds whose bodies we don't need (namespaces) stay small.
/// </summary>
public sealed class PartialObjectMetadata : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "meta.k8s.io/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "PartialObjectMetadata";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
