using System.Globalization;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>One metadata.managedFields entry, decoded, with its fields as a <see cref="FieldSet"/>.</summary>
internal sealed class ManagedFieldsEntry(string manager, string operation, string apiVersion, string? time, string? subresource, FieldSet fields)
{
    private string? identifier;

    public string Manager { get; } = manager;

    public string Operation { get; } = operation;

    public string ApiVersion { get; } = apiVersion;

    public string? Time { get; set; } = time;

    public string? Subresource { get; } = string.IsNullOrEmpty(subresource) ? null : subresource;

    public FieldSet Fields { get; set; } = fields;

    /// <summary>
    /// The identity apimachinery keys entries by (BuildManagerIdentifier): manager, operation and subresource, plus the
    /// apiVersion for Update entries only, so an applier keeps one entry across versions.
    /// </summary>
    public string Identifier => identifier ??= BuildIdentifier();

    /// <summary>How conflict messages name the manager (conflict.go printManager).</summary>
    public string Printed
    {
        get
        {
            var text = Quote(Manager);
            if (Subresource is not null)
            {
                text += " with subresource " + Quote(Subresource);
            }

            return Operation == "Update" ? text + " using " + ApiVersion : text;
        }
    }

    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Decodes the entries of an object; null when there are none or they do not decode.</summary>
    public static List<ManagedFieldsEntry>? Read(JsonObject? obj)
    {
        if (obj?["metadata"]?["managedFields"] is not JsonArray { Count: > 0 } entries)
        {
            return null;
        }

        var result = new List<ManagedFieldsEntry>();
        try
        {
            foreach (var node in entries)
            {
                if (node is not JsonObject entry || Text(entry, "manager") is not { } manager || Text(entry, "operation") is not ("Apply" or "Update"))
                {
                    return null;
                }

                var fields = entry["fieldsV1"] is JsonObject v1 ? FieldSet.FromFieldsV1(v1) : new FieldSet();
                result.Add(new ManagedFieldsEntry(manager, Text(entry, "operation")!, Text(entry, "apiVersion") ?? "", Text(entry, "time"), Text(entry, "subresource"), fields));
            }
        }
        catch (FormatException)
        {
            return null; // the apiserver also falls back when stored managedFields do not decode
        }

        return result;
    }

    /// <summary>Writes the entries in the apiserver's order: Apply before Update, then by time, manager, apiVersion, subresource.</summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var kept = entries.Where(e => !e.Fields.IsEmpty).ToList();

        // Most objects have a single entry, which needs no sorting (nor its time parsed).
        var sorted = kept.Count < 2 ? kept : kept
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => Seconds(e.Time))
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource ?? "", StringComparer.Ordinal)
            .ToList();

        if (obj["metadata"] is not JsonObject metadata)
        {
            if (sorted.Count == 0)
            {
                return;
            }

            metadata = [];
            obj["metadata"] = metadata;
        }

        if (sorted.Count == 0)
        {
            metadata.Remove("managedFields"); // omitempty: no entries, no field
            return;
        }

        metadata["managedFields"] = new JsonArray([.. sorted.Select(e => (JsonNode)e.ToJson())]);
    }

    private JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
        };
        if (Time is not null)
        {
            json["time"] = Time;
        }

        json["fieldsType"] = "FieldsV1";
        json["fieldsV1"] = Fields.ToFieldsV1();
        if (Subresource is not null)
        {
            json["subresource"] = Subresource;
        }

        return json;
    }

    private string BuildIdentifier()
    {
        var id = new JsonObject { ["manager"] = Manager, ["operation"] = Operation };
        if (Operation != "Apply")
        {
            id["apiVersion"] = ApiVersion;
        }

        if (Subresource is not null)
        {
            id["subresource"] = Subresource;
        }

        return id.ToJsonString();
    }

    private static long Seconds(string? time) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.ToUnixTimeSeconds() : 0;

    private static string? Text(JsonObject entry, string member) =>
        entry[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Quote(string text) => JsonValue.Create(text).ToJsonString();
}
