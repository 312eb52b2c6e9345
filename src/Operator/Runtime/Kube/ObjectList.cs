using System.Text.Json.Serialization;
using k8s.Models;

namespace AcrOperator.Runtime.Kube;

/// <summary>The envelope of any list response: list metadata and items.</summary>
internal sealed class ObjectList<T>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta? Metadata { get; set; }

    [JsonPropertyName("items")]
    public List<T>? Items { get; set; }
}
