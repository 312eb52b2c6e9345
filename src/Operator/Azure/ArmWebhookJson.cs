using System.Text.Json;
using System.Text.Json.Nodes;
using static AcrOperator.Azure.ArmRegistryJson;

namespace AcrOperator.Azure;

/// <summary>
/// Hand-written mapping between ARM's webhook JSON and the operator's models. The callback (URI and headers) goes
/// out in create and update bodies and comes back only from getCallbackConfig; request bodies are never logged.
/// </summary>
internal static class ArmWebhookJson
{
    public static ArmWebhook Read(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        var root = document.RootElement;
        var properties = Object(root, "properties");
        return new ArmWebhook
        {
            Id = Text(root, "id") ?? "",
            Name = Text(root, "name") ?? "",
            Location = Text(root, "location") ?? "",
            Tags = Tags(root),
            ProvisioningState = Text(properties, "provisioningState"),
            Enabled = !string.Equals(Text(properties, "status"), "disabled", StringComparison.OrdinalIgnoreCase),
            Scope = Text(properties, "scope") ?? "",
            Actions = [.. Array(properties, "actions").Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)],
        };
    }

    public static BinaryData WriteCreate(ArmWebhookDefinition definition)
    {
        var properties = Properties(definition.Callback, definition.Actions, definition.Enabled, definition.Scope);
        var body = new JsonObject { ["location"] = definition.Location, ["properties"] = properties };
        Set(body, "tags", Write(definition.Tags));
        return BinaryData.FromString(body.ToJsonString());
    }

    public static BinaryData WriteUpdate(ArmWebhookUpdate update)
    {
        var properties = Properties(update.Callback, update.Actions, update.Enabled, update.Scope);
        var body = new JsonObject();
        Set(body, "tags", Write(update.Tags));
        if (properties.Count > 0)
        {
            body["properties"] = properties;
        }

        return BinaryData.FromString(body.ToJsonString());
    }

    public static ArmWebhookCallbackConfig ReadCallbackConfig(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        var root = document.RootElement;
        return new ArmWebhookCallbackConfig(Text(root, "serviceUri") ?? "", Strings(Object(root, "customHeaders")));
    }

    /// <summary>The id of the event a ping sent (EventInfo).</summary>
    public static string ReadEventId(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        return Text(document.RootElement, "id") ?? "";
    }

    private static JsonObject Properties(ArmWebhookCallbackConfig? callback, IReadOnlyList<string>? actions, bool? enabled, string? scope)
    {
        var properties = new JsonObject();
        if (callback is not null)
        {
            properties["serviceUri"] = callback.ServiceUri;
            properties["customHeaders"] = Write(callback.CustomHeaders);
        }

        Set(properties, "status", enabled is { } on ? on ? "enabled" : "disabled" : null);
        Set(properties, "scope", scope);
        if (actions is not null)
        {
            properties["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)JsonValue.Create(a))]);
        }

        return properties;
    }
}
