using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>
/// JSON values seen the way the API server sees them after decoding into unstructured Go values:
/// whole numbers are int64, other numbers float64.
/// </summary>
internal static class JsonValues
{
    /// <summary>The OpenAPI type name of a value, as kube-openapi reports it in type errors.</summary>
    public static string TypeName(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    /// <summary>True for a number the Go JSON decoder turns into int64 (no fraction, no exponent, in range).</summary>
    public static bool IsInteger(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    /// <summary>True for a float64 with no fraction, which kube-openapi accepts where an integer is expected.</summary>
    public static bool IsWholeNumber(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number && double.IsInteger(Number(value));

    /// <summary>The number as float64; parsed from its JSON text because a JsonValue built from a long will not convert itself.</summary>
    public static double Number(JsonValue value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static bool DeepEquals(JsonNode? left, JsonNode? right)
    {
        if (left is JsonValue l && right is JsonValue r && l.GetValueKind() == JsonValueKind.Number && r.GetValueKind() == JsonValueKind.Number)
        {
            // 1 and 1.0 are one value to the API server's JSON comparison.
            return Number(l) == Number(r);
        }

        return JsonNode.DeepEquals(left, right);
    }

    public static string? AsString(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static bool IsTrue(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static long? AsLong(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? (long)Number(value) : null;

    public static double? AsDouble(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? Number(value) : null;

    /// <summary>The plain-tree shape the Cel package evaluates: dictionaries, lists, long, double, string, bool.</summary>
    public static object? ToPlain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => obj.ToDictionary(p => p.Key, p => ToPlain(p.Value), StringComparer.Ordinal),
        JsonArray array => array.Select(ToPlain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when IsInteger(value) => long.Parse(value.ToJsonString(), CultureInfo.InvariantCulture),
            JsonValueKind.Number => Number(value),
            _ => null,
        },
        _ => null,
    };

    /// <summary>Joins a dotted path the way field.Path.Child prints it.</summary>
    public static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
