using System.Text.Json.Nodes;
using k8s;

namespace AcrOperator.Api.Generation;

/// <summary>
/// Writes Kubernetes models as YAML. Serializing the models directly with <c>KubernetesYaml</c> prints
/// integer bounds as floats (<c>maximum: 365.0</c>); going through their JSON form first keeps every
/// number as written and the key order System.Text.Json gives, which is stable.
/// </summary>
internal static class CrdYaml
{
    public static string Serialize(object model) => KubernetesYaml.Serialize(ToPlain(JsonNode.Parse(KubernetesJson.Serialize(model))));

    /// <summary>A JSON tree as plain dictionaries, lists and scalars, with integers kept as integers.</summary>
    internal static object? ToPlain(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value)),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value when value.TryGetValue<long>(out var integer) => integer,
        JsonValue value when value.TryGetValue<double>(out var number) => number,
        JsonValue value when value.TryGetValue<bool>(out var boolean) => boolean,
        JsonValue value => value.GetValue<string>(),
        null => null,
        _ => throw new NotSupportedException(node.GetType().Name),
    };
}
