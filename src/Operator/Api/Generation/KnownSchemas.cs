using k8s.Models;

namespace AcrOperator.Api.Generation;

/// <summary>
/// Schemas of the Kubernetes types the API embeds, written out as upstream publishes them, because the
/// k8s.Models classes carry neither descriptions nor validation to reflect on.
/// </summary>
internal static class KnownSchemas
{
    /// <summary>The schema of <paramref name="type"/> if it is a known Kubernetes type, else null.</summary>
    public static V1JSONSchemaProps? For(Type type) =>
        type == typeof(V1ObjectMeta) ? ObjectMeta()
        : type == typeof(V1LabelSelector) ? LabelSelector()
        : type == typeof(V1Condition) ? Condition()
        : null;

    // Structural schemas must not describe metadata beyond its type; the API server validates it itself.
    private static V1JSONSchemaProps ObjectMeta() => new() { Type = "object" };

    private static V1JSONSchemaProps LabelSelector() => new()
    {
        Type = "object",
        XKubernetesMapType = "atomic",
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["matchExpressions"] = new()
            {
                Type = "array",
                Description = "A list of label selector requirements. The requirements are ANDed.",
                XKubernetesListType = "atomic",
                Items = new V1JSONSchemaProps
                {
                    Type = "object",
                    Properties = new Dictionary<string, V1JSONSchemaProps>
                    {
                        ["key"] = new() { Type = "string", Description = "The label key that the selector applies to." },
                        ["operator"] = new()
                        {
                            Type = "string",
                            Description = "The key's relationship to a set of values: In, NotIn, Exists or DoesNotExist.",
                        },
                        ["values"] = new()
                        {
                            Type = "array",
                            Description = "Values for In and NotIn (non-empty), empty for Exists and DoesNotExist.",
                            XKubernetesListType = "atomic",
                            Items = new V1JSONSchemaProps { Type = "string" },
                        },
                    },
                    Required = ["key", "operator"],
                },
            },
            ["matchLabels"] = new()
            {
                Type = "object",
                Description = "Labels that must all match; each entry is a matchExpressions entry with operator In and one value.",
                AdditionalProperties = new V1JSONSchemaProps { Type = "string" },
            },
        },
    };

    private static V1JSONSchemaProps Condition() => new()
    {
        Type = "object",
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["lastTransitionTime"] = new()
            {
                Type = "string",
                Format = "date-time",
                Description = "When the condition last changed from one status to another.",
            },
            ["message"] = new()
            {
                Type = "string",
                MaxLength = 32768,
                Description = "What happened and what to do, for humans.",
            },
            ["observedGeneration"] = new()
            {
                Type = "integer",
                Format = "int64",
                Minimum = 0,
                Description = "The metadata.generation the condition was set for.",
            },
            ["reason"] = new()
            {
                Type = "string",
                MinLength = 1,
                MaxLength = 1024,
                Pattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
                Description = "A CamelCase reason for the condition's last transition, for programs.",
            },
            ["status"] = new()
            {
                Type = "string",
                EnumProperty = ["True", "False", "Unknown"],
                Description = "Status of the condition: True, False or Unknown.",
            },
            ["type"] = new()
            {
                Type = "string",
                MaxLength = 316,
                Pattern = @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
                Description = "Type of the condition in CamelCase, e.g. Ready.",
            },
        },
        Required = ["lastTransitionTime", "message", "reason", "status", "type"],
    };
}
