using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.KubeApi.Tables;

/// <summary>
/// The columns kube-apiserver's own printers (pkg/printers/internalversion) give the built-in kinds, so that
/// <c>kubectl get ns</c> shows STATUS and AGE, <c>get secrets</c> TYPE and DATA, <c>get events</c> LAST SEEN ...
/// as on a real cluster. Kinds without a printer there (CustomResourceDefinition) keep the default convertor.
/// </summary>
internal static class BuiltinPrinters
{
    public static IReadOnlyList<TableColumn>? For(ResourceDescriptor resource, DateTimeOffset now) => (resource.Group, resource.Kind) switch
    {
        ("", "Namespace") => [Name(), Text("Status", "The status of the namespace", o => o["status"]?["phase"]), Age(now)],
        ("", "ConfigMap") => [Name(), Count("Data", "Data contains the configuration data.", o => Keys(o["data"]) + Keys(o["binaryData"])), Age(now)],
        ("", "Secret") => [Name(), Text("Type", "The type of the secret", o => o["type"]), Count("Data", "The number of keys in the secret's data.", o => Keys(o["data"])), Age(now)],
        ("", "ServiceAccount") => [Name(), Count("Secrets", "Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.", o => (o["secrets"] as JsonArray)?.Count ?? 0), Age(now)],
        ("coordination.k8s.io", "Lease") => [Name(), Text("Holder", "The holder of the lease", o => o["spec"]?["holderIdentity"]), Age(now)],
        ("", "Event") or ("events.k8s.io", "Event") => Events(now),
        _ => null,
    };

    // printEvent: Name is a priority-1 column here, so kubectl get events starts with LAST SEEN.
    private static TableColumn[] Events(DateTimeOffset now) =>
    [
        new("Last Seen", "string", "", "Time when last this event was recorded", 0, o => JsonValue.Create(Since(LastSeen(o), now))),
        Text("Type", "Type of this event (Normal, Warning), new types could be added in the future.", o => o["type"]),
        Text("Reason", "Why the action was taken.", o => o["reason"]),
        new("Object", "string", "", "The object that this event is about.", 0, o => JsonValue.Create(ObjectOf(o))),
        new("Subobject", "string", "", "The subobject that this event is about.", 1, o => JsonValue.Create(JsonValues.AsString(Regarding(o)?["fieldPath"]) ?? "")),
        new("Source", "string", "", "The component reporting this event.", 1, o => JsonValue.Create(SourceOf(o))),
        Text("Message", "A human-readable description of the status of this operation.", o => o["note"] ?? o["message"]),
        new("First Seen", "string", "", "The time at which the event was first recorded.", 1, o => JsonValue.Create(Since(JsonValues.AsString(o["firstTimestamp"] ?? o["deprecatedFirstTimestamp"] ?? o["eventTime"]), now))),
        new("Count", "string", "", "The number of times this event has occurred.", 1, o => JsonValue.Create((int)(JsonValues.AsDouble(o["count"] ?? o["deprecatedCount"]) ?? 1))),
        new("Name", "string", "name", TableBuilder.NameColumnDescription, 1, o => JsonValue.Create(JsonValues.AsString(o["metadata"]?["name"]) ?? "")),
    ];

    private static TableColumn Name() => new("Name", "string", "name", TableBuilder.NameColumnDescription, 0, o => JsonValue.Create(JsonValues.AsString(o["metadata"]?["name"]) ?? ""));

    private static TableColumn Age(DateTimeOffset now) =>
        new("Age", "string", "", TableBuilder.AgeDescription, 0, o => JsonValue.Create(Since(JsonValues.AsString(o["metadata"]?["creationTimestamp"]), now)));

    private static TableColumn Text(string name, string description, Func<JsonObject, JsonNode?> value) =>
        new(name, "string", "", description, 0, o => JsonValue.Create(JsonValues.AsString(value(o)) ?? ""));

    // The internal printers declare these columns as strings but fill them with integers.
    private static TableColumn Count(string name, string description, Func<JsonObject, int> count) =>
        new(name, "string", "", description, 0, o => JsonValue.Create(count(o)));

    private static int Keys(JsonNode? map) => (map as JsonObject)?.Count ?? 0;

    private static string Since(string? timestamp, DateTimeOffset now) => timestamp is null ? "<unknown>" : TableBuilder.Age(timestamp, now);

    private static JsonNode? Regarding(JsonObject o) => o["regarding"] ?? o["involvedObject"];

    private static string? LastSeen(JsonObject o) =>
        JsonValues.AsString(o["series"]?["lastObservedTime"] ?? o["lastTimestamp"] ?? o["deprecatedLastTimestamp"] ?? o["eventTime"] ?? o["metadata"]?["creationTimestamp"]);

    private static string ObjectOf(JsonObject o)
    {
        var regarding = Regarding(o);
        return $"{JsonValues.AsString(regarding?["kind"])?.ToLowerInvariant()}/{JsonValues.AsString(regarding?["name"])}";
    }

    private static string SourceOf(JsonObject o)
    {
        var component = JsonValues.AsString(o["reportingController"] ?? o["source"]?["component"]) ?? "";
        var host = JsonValues.AsString(o["source"]?["host"]);
        return host is { Length: > 0 } ? $"{component}, {host}" : component;
    }
}
