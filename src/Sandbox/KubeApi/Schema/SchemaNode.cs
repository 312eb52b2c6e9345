using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>One node of an openAPIV3Schema, parsed once so validation, pruning and defaulting need not re-read JSON.</summary>
internal sealed class SchemaNode
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    public SchemaNode(JsonObject json)
    {
        Json = json;
        Type = JsonValues.AsString(json["type"]);
        Format = JsonValues.AsString(json["format"]);
        Nullable = JsonValues.IsTrue(json["nullable"]);
        IntOrString = JsonValues.IsTrue(json["x-kubernetes-int-or-string"]);
        PreserveUnknownFields = JsonValues.IsTrue(json["x-kubernetes-preserve-unknown-fields"]);
        EmbeddedResource = JsonValues.IsTrue(json["x-kubernetes-embedded-resource"]);
        Properties = (json["properties"] as JsonObject ?? [])
            .Where(p => p.Value is JsonObject)
            .ToDictionary(p => p.Key, p => new SchemaNode((JsonObject)p.Value!), StringComparer.Ordinal);
        Items = json["items"] is JsonObject items ? new SchemaNode(items) : null;
        AdditionalProperties = json["additionalProperties"] is JsonObject additional ? new SchemaNode(additional) : null;
        AdditionalPropertiesAllowed = JsonValues.IsTrue(json["additionalProperties"]);
        Required = (json["required"] as JsonArray ?? []).Select(JsonValues.AsString).OfType<string>().ToList();
        Enum = json["enum"] as JsonArray;
        if (JsonValues.AsString(json["pattern"]) is { } pattern)
        {
            Pattern = pattern;
            PatternRegex = new Regex(pattern, RegexOptions.CultureInvariant, PatternTimeout);
        }

        MinLength = JsonValues.AsLong(json["minLength"]);
        MaxLength = JsonValues.AsLong(json["maxLength"]);
        MinItems = JsonValues.AsLong(json["minItems"]);
        MaxItems = JsonValues.AsLong(json["maxItems"]);
        MinProperties = JsonValues.AsLong(json["minProperties"]);
        MaxProperties = JsonValues.AsLong(json["maxProperties"]);
        Minimum = JsonValues.AsDouble(json["minimum"]);
        Maximum = JsonValues.AsDouble(json["maximum"]);
        ExclusiveMinimum = JsonValues.IsTrue(json["exclusiveMinimum"]);
        ExclusiveMaximum = JsonValues.IsTrue(json["exclusiveMaximum"]);
        MultipleOf = JsonValues.AsDouble(json["multipleOf"]);
        UniqueItems = JsonValues.IsTrue(json["uniqueItems"]);
        HasDefault = json.ContainsKey("default") && json["default"] is not null;
        Default = json["default"];
        ListType = JsonValues.AsString(json["x-kubernetes-list-type"]);
        ListMapKeys = (json["x-kubernetes-list-map-keys"] as JsonArray ?? []).Select(JsonValues.AsString).OfType<string>().ToList();
        Rules = (json["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(r => new ValidationRule(
                JsonValues.AsString(r["rule"]) ?? "",
                JsonValues.AsString(r["message"]),
                JsonValues.AsString(r["messageExpression"]),
                JsonValues.AsString(r["fieldPath"]),
                JsonValues.AsString(r["reason"])))
            .ToList();
        AllOf = Junctor(json["allOf"]);
        AnyOf = Junctor(json["anyOf"]);
        OneOf = Junctor(json["oneOf"]);
        Not = json["not"] is JsonObject not ? new SchemaNode(not) : null;
    }

    public JsonObject Json { get; }

    public string? Type { get; }

    public string? Format { get; }

    public bool Nullable { get; }

    public bool IntOrString { get; }

    public bool PreserveUnknownFields { get; }

    public bool EmbeddedResource { get; }

    public IReadOnlyDictionary<string, SchemaNode> Properties { get; }

    public SchemaNode? Items { get; }

    public SchemaNode? AdditionalProperties { get; }

    public bool AdditionalPropertiesAllowed { get; }

    public IReadOnlyList<string> Required { get; }

    public JsonArray? Enum { get; }

    public string? Pattern { get; }

    public Regex? PatternRegex { get; }

    public long? MinLength { get; }

    public long? MaxLength { get; }

    public long? MinItems { get; }

    public long? MaxItems { get; }

    public long? MinProperties { get; }

    public long? MaxProperties { get; }

    public double? Minimum { get; }

    public double? Maximum { get; }

    public bool ExclusiveMinimum { get; }

    public bool ExclusiveMaximum { get; }

    public double? MultipleOf { get; }

    public bool UniqueItems { get; }

    public bool HasDefault { get; }

    public JsonNode? Default { get; }

    public string? ListType { get; }

    public IReadOnlyList<string> ListMapKeys { get; }

    public IReadOnlyList<ValidationRule> Rules { get; }

    public IReadOnlyList<SchemaNode> AllOf { get; }

    public IReadOnlyList<SchemaNode> AnyOf { get; }

    public IReadOnlyList<SchemaNode> OneOf { get; }

    public SchemaNode? Not { get; }

    /// <summary>The schema of a child value: a declared property, else additionalProperties.</summary>
    public SchemaNode? Child(string key) => Properties.TryGetValue(key, out var property) ? property : AdditionalProperties;

    /// <summary>The type as kube-openapi checks it: int-or-string becomes <c>integer,string</c>.</summary>
    public string? TypeForMessages => IntOrString ? "integer,string" : Type;

    private static List<SchemaNode> Junctor(JsonNode? node) => (node as JsonArray ?? []).OfType<JsonObject>().Select(s => new SchemaNode(s)).ToList();
}
