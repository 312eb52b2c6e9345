using System.Globalization;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi;

/// <summary>Small helpers over an object's metadata as JSON.</summary>
internal static class Meta
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = new JsonObject();
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string? String(JsonObject obj, string field) => obj[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static List<string> Finalizers(JsonObject metadata) =>
        [.. (metadata["finalizers"] as JsonArray ?? []).Select(f => f?.GetValue<string>() ?? string.Empty)];

    public static void SetFinalizers(JsonObject metadata, List<string> finalizers)
    {
        if (finalizers.Count == 0)
        {
            metadata.Remove("finalizers");
        }
        else
        {
            metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]);
        }
    }

    public static bool IsDeleting(JsonObject metadata) => metadata["deletionTimestamp"] is not null;

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // Values parsed from a request convert freely; values the server set are whatever CLR type they were set with.
    public static long Generation(JsonObject metadata) => metadata["generation"] is JsonValue v
        ? v.TryGetValue<long>(out var l) ? l : v.TryGetValue<int>(out var i) ? i : (long)v.GetValue<double>()
        : 0;
}
