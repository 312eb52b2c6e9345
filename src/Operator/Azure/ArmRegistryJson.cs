using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrOperator.Azure;

/// <summary>
/// Hand-written mapping between ARM's registry JSON and the operator's models: explicit about which fields go
/// on the wire (a PATCH carries only what was set) and tolerant of fields ARM adds later.
/// </summary>
internal static class ArmRegistryJson
{
    public static ArmRegistry Read(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        var root = document.RootElement;
        var properties = Object(root, "properties");
        return new ArmRegistry
        {
            Id = Text(root, "id") ?? "",
            Name = Text(root, "name") ?? "",
            Location = Text(root, "location") ?? "",
            Sku = Text(Object(root, "sku"), "name") ?? "",
            Tags = Tags(root),
            ProvisioningState = Text(properties, "provisioningState"),
            LoginServer = Text(properties, "loginServer"),
            CreationDate = Date(properties, "creationDate"),
            AdminUserEnabled = Bool(properties, "adminUserEnabled") ?? false,
            PublicNetworkAccess = Text(properties, "publicNetworkAccess"),
            ZoneRedundancy = Text(properties, "zoneRedundancy"),
            DataEndpointEnabled = Bool(properties, "dataEndpointEnabled") ?? false,
            AnonymousPullEnabled = Bool(properties, "anonymousPullEnabled") ?? false,
            NetworkRuleSet = Object(properties, "networkRuleSet") is { ValueKind: JsonValueKind.Object } rules
                ? new ArmNetworkRuleSet(Text(rules, "defaultAction") ?? "Allow", [.. Array(rules, "ipRules").Select(r => Text(r, "value")).OfType<string>()])
                : null,
            Policies = Object(properties, "policies") is { ValueKind: JsonValueKind.Object } policies ? ReadPolicies(policies) : null,
            Identity = Object(root, "identity") is { ValueKind: JsonValueKind.Object } identity
                ? new ArmRegistryIdentity(
                    Text(identity, "type") ?? "None",
                    Object(identity, "userAssignedIdentities") is { ValueKind: JsonValueKind.Object } users ? [.. users.EnumerateObject().Select(u => u.Name)] : [],
                    Text(identity, "principalId"),
                    Text(identity, "tenantId"))
                : null,
            Encryption = Object(properties, "encryption") is { ValueKind: JsonValueKind.Object } encryption
                ? new ArmRegistryEncryption(
                    string.Equals(Text(encryption, "status"), "enabled", StringComparison.OrdinalIgnoreCase),
                    Text(Object(encryption, "keyVaultProperties"), "keyIdentifier"),
                    Text(Object(encryption, "keyVaultProperties"), "identity"))
                : null,
        };
    }

    public static BinaryData WriteCreate(ArmRegistryDefinition definition)
    {
        var properties = new JsonObject();
        Set(properties, "adminUserEnabled", definition.AdminUserEnabled);
        Set(properties, "publicNetworkAccess", definition.PublicNetworkAccess);
        Set(properties, "zoneRedundancy", definition.ZoneRedundancy);
        Set(properties, "dataEndpointEnabled", definition.DataEndpointEnabled);
        Set(properties, "anonymousPullEnabled", definition.AnonymousPullEnabled);
        Set(properties, "networkRuleSet", Write(definition.NetworkRuleSet));
        Set(properties, "policies", Write(definition.Policies));
        Set(properties, "encryption", Write(definition.Encryption));
        var body = new JsonObject
        {
            ["location"] = definition.Location,
            ["sku"] = new JsonObject { ["name"] = definition.Sku },
            ["properties"] = properties,
        };
        Set(body, "tags", Write(definition.Tags));
        Set(body, "identity", Write(definition.Identity));
        return BinaryData.FromString(body.ToJsonString());
    }

    public static BinaryData WriteUpdate(ArmRegistryUpdate update)
    {
        var properties = new JsonObject();
        Set(properties, "adminUserEnabled", update.AdminUserEnabled);
        Set(properties, "publicNetworkAccess", update.PublicNetworkAccess);
        Set(properties, "dataEndpointEnabled", update.DataEndpointEnabled);
        Set(properties, "anonymousPullEnabled", update.AnonymousPullEnabled);
        Set(properties, "networkRuleSet", Write(update.NetworkRuleSet));
        Set(properties, "policies", Write(update.Policies));
        Set(properties, "encryption", Write(update.Encryption));
        var body = new JsonObject();
        if (update.Sku is not null)
        {
            body["sku"] = new JsonObject { ["name"] = update.Sku };
        }

        Set(body, "tags", Write(update.Tags));
        Set(body, "identity", Write(update.Identity));
        if (properties.Count > 0)
        {
            body["properties"] = properties;
        }

        return BinaryData.FromString(body.ToJsonString());
    }

    public static ArmRegistryCredentials ReadCredentials(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        var root = document.RootElement;
        return new ArmRegistryCredentials(
            Text(root, "username") ?? "",
            [.. Array(root, "passwords").Select(p => new ArmRegistryPassword(Text(p, "name") ?? "", Text(p, "value") ?? "", Date(p, "expiry")))]);
    }

    public static ArmNameAvailability ReadNameAvailability(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        var root = document.RootElement;
        return new ArmNameAvailability(Bool(root, "nameAvailable") ?? false, Text(root, "reason"), Text(root, "message"));
    }

    private static ArmRegistryPolicies ReadPolicies(JsonElement policies)
    {
        var retention = Object(policies, "retentionPolicy");
        return new ArmRegistryPolicies(
            Enabled(Object(policies, "quarantinePolicy")),
            Enabled(Object(policies, "trustPolicy")),
            Enabled(retention),
            retention.ValueKind == JsonValueKind.Object && retention.TryGetProperty("days", out var days) && days.TryGetInt32(out var d) ? d : null,
            Enabled(Object(policies, "exportPolicy")));
    }

    private static JsonObject? Write(ArmNetworkRuleSet? rules) => rules is null ? null : new JsonObject
    {
        ["defaultAction"] = rules.DefaultAction,
        ["ipRules"] = new JsonArray([.. rules.IpRules.Select(ip => (JsonNode)new JsonObject { ["action"] = "Allow", ["value"] = ip })]),
    };

    private static JsonObject? Write(ArmRegistryPolicies? policies)
    {
        if (policies is null)
        {
            return null;
        }

        var node = new JsonObject();
        Set(node, "quarantinePolicy", Status(policies.QuarantineEnabled));
        if (policies.TrustEnabled is { } trust)
        {
            node["trustPolicy"] = new JsonObject { ["type"] = "Notary", ["status"] = trust ? "enabled" : "disabled" };
        }

        if (policies.RetentionEnabled is not null || policies.RetentionDays is not null)
        {
            var retention = new JsonObject();
            Set(retention, "days", policies.RetentionDays);
            Set(retention, "status", policies.RetentionEnabled is { } on ? on ? "enabled" : "disabled" : null);
            node["retentionPolicy"] = retention;
        }

        Set(node, "exportPolicy", Status(policies.ExportEnabled));
        return node;
    }

    private static JsonObject? Write(ArmRegistryEncryption? encryption)
    {
        if (encryption is null)
        {
            return null;
        }

        var node = new JsonObject { ["status"] = encryption.Enabled ? "enabled" : "disabled" };
        if (encryption.KeyIdentifier is not null || encryption.IdentityClientId is not null)
        {
            var vault = new JsonObject();
            Set(vault, "keyIdentifier", encryption.KeyIdentifier);
            Set(vault, "identity", encryption.IdentityClientId);
            node["keyVaultProperties"] = vault;
        }

        return node;
    }

    private static JsonObject? Write(ArmRegistryIdentity? identity)
    {
        if (identity is null)
        {
            return null;
        }

        var node = new JsonObject { ["type"] = identity.Type };
        if (identity.UserAssignedIdentities.Count > 0 || identity.RemovedUserAssignedIdentities.Count > 0)
        {
            var users = new JsonObject();
            foreach (var id in identity.UserAssignedIdentities)
            {
                users[id] = new JsonObject();
            }

            foreach (var id in identity.RemovedUserAssignedIdentities)
            {
                users[id] = null;
            }

            node["userAssignedIdentities"] = users;
        }

        return node;
    }

    internal static JsonObject? Write(IReadOnlyDictionary<string, string>? tags)
    {
        if (tags is null)
        {
            return null;
        }

        var node = new JsonObject();
        foreach (var (key, value) in tags)
        {
            node[key] = value;
        }

        return node;
    }

    private static JsonObject? Status(bool? enabled) => enabled is { } on ? new JsonObject { ["status"] = on ? "enabled" : "disabled" } : null;

    private static bool? Enabled(JsonElement policy) =>
        Text(policy, "status") is { } status ? string.Equals(status, "enabled", StringComparison.OrdinalIgnoreCase) : null;

    internal static void Set(JsonObject node, string name, JsonNode? value)
    {
        if (value is not null)
        {
            node[name] = value;
        }
    }

    internal static void Set(JsonObject node, string name, string? value) => Set(node, name, value is null ? null : JsonValue.Create(value));

    internal static void Set(JsonObject node, string name, bool? value) => Set(node, name, value is { } v ? JsonValue.Create(v) : null);

    internal static void Set(JsonObject node, string name, int? value) => Set(node, name, value is { } v ? JsonValue.Create(v) : null);

    /// <summary>A resource's tags; empty when it has none.</summary>
    internal static IReadOnlyDictionary<string, string> Tags(JsonElement resource) => Strings(Object(resource, "tags"));

    /// <summary>An object's string members as a map (tags, webhook headers); empty when it is missing.</summary>
    internal static IReadOnlyDictionary<string, string> Strings(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Where(t => t.Value.ValueKind == JsonValueKind.String).ToDictionary(t => t.Name, t => t.Value.GetString()!, StringComparer.Ordinal)
            : new Dictionary<string, string>();

    internal static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    internal static JsonElement[] Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];

    internal static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An ISO 8601 date-time member, or null when it is missing or unreadable.</summary>
    internal static DateTimeOffset? Date(JsonElement element, string name) =>
        Text(element, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    internal static bool? Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
