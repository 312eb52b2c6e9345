using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>
/// JSON value equality as the apiserver sees it after decoding: object key order is irrelevant and numbers compare by
/// value (1 equals 1.0), unlike a textual comparison.
/// </summary>
internal static class JsonEquality
{
    public static bool AreEqual(JsonNode? left, JsonNode? right)
    {
        switch (left, right)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (JsonObject a, JsonObject b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                foreach (var (key, value) in a)
                {
                    if (!b.TryGetPropertyValue(key, out var other) || !AreEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonArray a, JsonArray b):
                if (a.Count != b.Count)
                {
                    return false;
                }

                for (var i = 0; i < a.Count; i++)
                {
                    if (!AreEqual(a[i], b[i]))
                    {
                        return false;
                    }
                }

                return true;
            case (JsonValue a, JsonValue b):
                return ValuesEqual(a, b);
            default:
                return false;
        }
    }

    /// <summary>Compact JSON text of a value, used in fieldsV1 keys and in conflict paths.</summary>
    public static string ToCompactJson(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    private static bool ValuesEqual(JsonValue a, JsonValue b)
    {
        var kindA = a.GetValueKind();
        var kindB = b.GetValueKind();
        if (kindA == JsonValueKind.Number && kindB == JsonValueKind.Number)
        {
            // Go decodes JSON numbers into float64 before comparing, so 1 and 1.0 are the same value.
            return double.Parse(a.ToJsonString(), CultureInfo.InvariantCulture) == double.Parse(b.ToJsonString(), CultureInfo.InvariantCulture);
        }

        if (kindA != kindB)
        {
            return false;
        }

        return kindA switch
        {
            JsonValueKind.String => string.Equals(a.GetValue<string>(), b.GetValue<string>(), StringComparison.Ordinal),
            _ => true, // true, false and null carry no further payload
        };
    }
}
