using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.KubeApi.Tables;

/// <summary>
/// meta.k8s.io/v1 Table responses for kubectl get, as the API server's table convertors build them: the CRD convertor
/// (Name, then additionalPrinterColumns, or Name and Age when there are none) and, for built-ins without printer
/// columns, the default convertor (Name and "Created At" in RFC 3339).
/// </summary>
public static class TableBuilder
{
    private const string NameDescription = "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";
    private const string CreationTimestampDescription = "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

    /// <summary>
    /// Builds a Table of the objects with the resource's printer columns (Name first; Age from creationTimestamp relative to
    /// <paramref name="now"/>). <paramref name="includeObject"/> is the request's includeObject: None, Metadata (default) or Object.
    /// </summary>
    public static JsonObject Build(ResourceDescriptor resource, IReadOnlyList<JsonObject> objects, string resourceVersion, string? continueToken, string includeObject, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(objects);
        var columns = TableColumns(resource, now);

        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion };
        if (!string.IsNullOrEmpty(continueToken))
        {
            metadata["continue"] = continueToken;
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray([.. columns.Select(c => c.Cell(obj))]) };
            if (RowObject(obj, includeObject) is { } rowObject)
            {
                row["object"] = rowObject;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
            ["columnDefinitions"] = new JsonArray([.. columns.Select(c => Definition(c.Name, c.Type, c.Format, c.Description, c.Priority))]),
            ["rows"] = rows,
        };
    }

    /// <summary>The columns of the convertor the apiserver uses for this resource, Name included.</summary>
    private static IReadOnlyList<TableColumn> TableColumns(ResourceDescriptor resource, DateTimeOffset now)
    {
        if (!resource.IsCustomResource && BuiltinPrinters.For(resource, now) is { } printed)
        {
            return printed;
        }

        var defaultConvertor = !resource.IsCustomResource && resource.PrinterColumns.Count == 0;
        var columns = new List<TableColumn> { new("Name", "string", "name", NameDescription, 0, o => JsonValue.Create(JsonValues.AsString(o["metadata"]?["name"]) ?? "")) };
        foreach (var column in Columns(resource))
        {
            var description = column.Description is { Length: > 0 } text
                ? text
                : defaultConvertor ? CreationTimestampDescription : $"Custom resource definition column (in JSONPath format): {column.JsonPath}";
            var path = JsonPathExpression.Parse(column.JsonPath);
            columns.Add(new(column.Name, column.Type, column.Format ?? "", description, column.Priority, defaultConvertor ? CreatedAt : o => Cell(column, path, o, now)));
        }

        return columns;
    }

    private static List<PrinterColumn> Columns(ResourceDescriptor resource)
    {
        if (resource.PrinterColumns.Count > 0)
        {
            return [.. resource.PrinterColumns];
        }

        // helpers.go adds Age for CRDs that declare no columns; the default convertor of built-ins says "Created At".
        return resource.IsCustomResource
            ? [new PrinterColumn("Age", "date", ".metadata.creationTimestamp", CreationTimestampDescription)]
            : [new PrinterColumn("Created At", "date", ".metadata.creationTimestamp")];
    }

    internal const string AgeDescription = CreationTimestampDescription;

    internal const string NameColumnDescription = NameDescription;

    private static JsonObject Definition(string name, string type, string format, string description, int priority) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["format"] = format,
        ["description"] = description,
        ["priority"] = priority,
    };

    private static JsonValue CreatedAt(JsonObject obj) =>
        DateTimeOffset.TryParse(JsonValues.AsString(obj["metadata"]?["creationTimestamp"]), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created)
            ? JsonValue.Create(created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))
            : JsonValue.Create("0001-01-01T00:00:00Z");

    // tableconvertor.go: the first result only; string columns print the value as Go's %v would, others keep JSON types.
    private static JsonNode? Cell(PrinterColumn column, JsonPathExpression path, JsonObject obj, DateTimeOffset now)
    {
        var results = path.Evaluate(obj);
        if (results.Count == 0 || results[0] is not { } value)
        {
            return null;
        }

        var number = JsonValues.AsDouble(value);
        return column.Type switch
        {
            "string" => JsonValue.Create(GoFormat.Plain(value)),
            "integer" when value is JsonValue v && v.GetValueKind() == JsonValueKind.Number => JsonValue.Create((long)number!.Value),
            "number" when number is not null => JsonValue.Create(number.Value),
            "boolean" when value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.DeepClone(),
            "date" when JsonValues.AsString(value) is { } text => JsonValue.Create(Age(text, now)),
            _ => null,
        };
    }

    internal static string Age(string timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? HumanDuration.Format(now - time)
            : "<invalid>";

    private static JsonObject? RowObject(JsonObject obj, string includeObject) => includeObject switch
    {
        "None" => null,
        "Object" => (JsonObject)obj.DeepClone(),
        _ => new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
        },
    };
}
