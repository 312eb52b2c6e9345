using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary><c>Microsoft.ContainerRegistry/registries</c> at 2025-11-01: defaults as the RegistryCreate example shows them.</summary>
internal sealed partial class RegistryType : ArmResourceType
{
    private static readonly string[] Skus = ["Classic", "Basic", "Standard", "Premium"];
    private static readonly string[] EnabledDisabledLower = ["enabled", "disabled"];

    [SetsRequiredMembers]
    public RegistryType()
    {
        Namespace = "Microsoft.ContainerRegistry";
        Segments = ["registries"];
        ApiVersions = ContainerRegistryApiVersions.Registry;
        NameRule = new ArmNameRule(5, 50, "^[a-zA-Z0-9]*$");
        IsTracked = true;
        OperationPrefix = "registries";
        ReadOnlyPaths =
        [
            "sku.tier", "properties.loginServer", "properties.creationDate", "properties.provisioningState", "properties.status",
            "properties.dataEndpointHostNames", "properties.privateEndpointConnections", "properties.policies.retentionPolicy.lastUpdatedTime",
            "properties.encryption.keyVaultProperties.versionedKeyIdentifier", "properties.encryption.keyVaultProperties.keyRotationEnabled",
            "properties.encryption.keyVaultProperties.lastKeyRotationTimestamp", "identity.principalId", "identity.tenantId",
        ];
        // Customer-managed-key encryption is chosen when a registry is created; its key and identity may change later.
        CreateOnlyPaths = ["properties.zoneRedundancy", "properties.encryption.status"];
        Properties =
        [
            new("tags", ArmPropertyKind.Object),
            new("sku", ArmPropertyKind.Object, Required: true),
            ArmPropertyRule.Enum("sku.name", true, Skus),
            new("properties", ArmPropertyKind.Object),
            new("properties.adminUserEnabled", ArmPropertyKind.Boolean),
            new("properties.networkRuleSet", ArmPropertyKind.Object),
            ArmPropertyRule.Enum("properties.networkRuleSet.defaultAction", true, "Allow", "Deny"),
            new("properties.networkRuleSet.ipRules", ArmPropertyKind.Array),
            new("properties.policies", ArmPropertyKind.Object),
            ArmPropertyRule.Enum("properties.policies.quarantinePolicy.status", false, EnabledDisabledLower),
            ArmPropertyRule.Enum("properties.policies.trustPolicy.type", false, "Notary"),
            ArmPropertyRule.Enum("properties.policies.trustPolicy.status", false, EnabledDisabledLower),
            new("properties.policies.retentionPolicy.days", ArmPropertyKind.Integer),
            ArmPropertyRule.Enum("properties.policies.retentionPolicy.status", false, EnabledDisabledLower),
            ArmPropertyRule.Enum("properties.policies.exportPolicy.status", false, EnabledDisabledLower),
            ArmPropertyRule.Enum("properties.policies.azureADAuthenticationAsArmPolicy.status", false, EnabledDisabledLower),
            ArmPropertyRule.Enum("properties.encryption.status", false, EnabledDisabledLower),
            new("properties.dataEndpointEnabled", ArmPropertyKind.Boolean),
            ArmPropertyRule.Enum("properties.publicNetworkAccess", false, "Enabled", "Disabled"),
            ArmPropertyRule.Enum("properties.networkRuleBypassOptions", false, "AzureServices", "None"),
            new("properties.networkRuleBypassAllowedForTasks", ArmPropertyKind.Boolean),
            ArmPropertyRule.Enum("properties.zoneRedundancy", false, "Enabled", "Disabled"),
            new("properties.anonymousPullEnabled", ArmPropertyKind.Boolean),
            ArmPropertyRule.Enum("properties.roleAssignmentMode", false, "AbacRepositoryPermissions", "LegacyRegistryPermissions"),
            new("identity", ArmPropertyKind.Object),
            ArmPropertyRule.Enum("identity.type", true, "SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned", "None"),
        ];
        Defaults = JsonNode.Parse("""
            {
              "sku": {},
              "properties": {
                "loginServer": "",
                "creationDate": "",
                "provisioningState": "",
                "adminUserEnabled": false,
                "networkRuleSet": { "defaultAction": "Allow", "ipRules": [] },
                "policies": {
                  "quarantinePolicy": { "status": "disabled" },
                  "trustPolicy": { "type": "Notary", "status": "disabled" },
                  "retentionPolicy": { "days": 7, "lastUpdatedTime": "", "status": "disabled" },
                  "exportPolicy": { "status": "enabled" },
                  "azureADAuthenticationAsArmPolicy": { "status": "enabled" }
                },
                "encryption": { "status": "disabled" },
                "status": null,
                "dataEndpointEnabled": false,
                "dataEndpointHostNames": [],
                "privateEndpointConnections": [],
                "publicNetworkAccess": "Enabled",
                "networkRuleBypassOptions": "AzureServices",
                "networkRuleBypassAllowedForTasks": false,
                "zoneRedundancy": "Disabled",
                "anonymousPullEnabled": false,
                "roleAssignmentMode": "LegacyRegistryPermissions"
              }
            }
            """)!.AsObject();
        Actions = new Dictionary<string, ArmAction>(StringComparer.OrdinalIgnoreCase)
        {
            ["listCredentials"] = new("listCredentials", "POST", RegistryCredentials.List),
            ["regenerateCredential"] = new("regenerateCredential", "POST", RegistryCredentials.Regenerate),
            ["generateCredentials"] = new("generateCredentials", "POST", (ctx, registry) => TokenCredentials.Generate(ctx, registry, Tokens!)),
            ["scheduleRun"] = new("scheduleRun", "POST", (ctx, registry) => Runs!.Schedule(ctx, registry)),
            ["importImage"] = new("importImage", "POST", ImageImport.Import),
        };
    }

    /// <summary>Set once the replication type exists (it names this type as its parent).</summary>
    public ReplicationType? Replications { get; set; }

    /// <summary>Set once the scope map type exists: every registry gets the system scope maps.</summary>
    public ScopeMapType? ScopeMaps { get; set; }

    public TokenType? Tokens { get; set; }

    /// <summary>Set once the run type exists; <c>scheduleRun</c> creates its runs.</summary>
    public RunType? Runs { get; set; }

    public static string? Sku(JsonObject registry) => registry["sku"]?["name"]?.GetValue<string>();

    public override void ValidateWrite(ArmWriteContext write)
    {
        if (write.IsCreate)
        {
            var taken = write.Request.Store.OfType(this).FirstOrDefault(r => string.Equals(r.Name, write.Address.Name, StringComparison.OrdinalIgnoreCase));
            if (taken is not null)
            {
                // Registry names are DNS labels under azurecr.io, so unique across all subscriptions.
                throw new ArmException(
                    HttpStatusCode.Conflict,
                    "AlreadyInUse",
                    $"The registry DNS name {write.Address.Name.ToLowerInvariant()}.azurecr.io is already in use. You can check if the name is already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/registries/checknameavailability");
            }
        }

        var sku = Sku(write.Resource)!;
        if (sku != "Premium" && (string?)write.Resource["properties"]?["publicNetworkAccess"] == "Disabled")
        {
            throw new ArmException(HttpStatusCode.BadRequest, "DisablingPublicNetworkAccessNotSupported", $"Disabling public network access is not supported for the SKU {sku}");
        }

        if (sku != "Premium" && write.Existing is { } existing && Replications is not null
            && write.Request.Store.Children(existing.Address, Replications).Any(r => !ReplicationType.IsHome(r)))
        {
            throw ReplicationType.NotSupported(sku, "Delete the registry's replications before changing its SKU.");
        }
    }

    public override void CompleteBody(ArmWriteContext write)
    {
        var resource = write.Resource;
        var properties = resource["properties"]!.AsObject();
        var now = write.Request.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        resource["sku"]!["tier"] = Sku(resource);
        properties["loginServer"] = write.Address.Name.ToLowerInvariant() + ".azurecr.io";
        properties["creationDate"] = write.Existing?.Body["properties"]?["creationDate"]?.DeepClone() ?? now;
        var retention = properties["policies"]!["retentionPolicy"]!.AsObject();
        var previousRetention = write.Existing?.Body["properties"]?["policies"]?["retentionPolicy"]?.AsObject();
        var retentionChanged = previousRetention is null
            || !JsonNode.DeepEquals(previousRetention["days"], retention["days"]) || !JsonNode.DeepEquals(previousRetention["status"], retention["status"]);
        retention["lastUpdatedTime"] = retentionChanged ? now : previousRetention!["lastUpdatedTime"]?.DeepClone();
        properties["status"] = null;
        properties["privateEndpointConnections"] ??= new JsonArray();
        properties["dataEndpointHostNames"] = properties["dataEndpointEnabled"]?.GetValue<bool>() == true
            ? new JsonArray($"{write.Address.Name.ToLowerInvariant()}.{resource["location"]}.data.azurecr.io")
            : new JsonArray();
        ManagedIdentity.Complete(write);
        CompleteEncryption(write, properties);
    }

    /// <summary>
    /// Customer-managed-key encryption: an enabled status needs a Key Vault key; the read-only fields follow it. A
    /// versionless key identifier rotates automatically (<c>keyRotationEnabled</c>) and resolves to a versioned one.
    /// </summary>
    private static void CompleteEncryption(ArmWriteContext write, JsonObject properties)
    {
        var previous = write.Existing?.Body["properties"]?["encryption"] as JsonObject;
        if (write.Request.Method == "PUT" && previous is not null && JsonPaths.Get(write.Body, "properties.encryption") is null)
        {
            // A PUT that leaves encryption out keeps it as created, key included (the status is create-only anyway).
            properties["encryption"] = previous.DeepClone();
            return;
        }

        var encryption = properties["encryption"]!.AsObject();
        if ((string?)encryption["status"] != "enabled")
        {
            encryption.Remove("keyVaultProperties");
            return;
        }

        if (encryption["keyVaultProperties"]?["keyIdentifier"] is not JsonValue key || key.GetValueKind() != System.Text.Json.JsonValueKind.String || !KeyIdentifier().IsMatch(key.GetValue<string>()))
        {
            // [unverified wording] ACR needs the key to encrypt with.
            throw ArmErrors.InvalidContent("Encryption with status 'enabled' needs keyVaultProperties.keyIdentifier, a Key Vault key URL such as https://myvault.vault.azure.net/keys/mykey. Path 'properties.encryption.keyVaultProperties.keyIdentifier'", "properties.encryption.keyVaultProperties.keyIdentifier");
        }

        var vault = encryption["keyVaultProperties"]!.AsObject();
        var identifier = key.GetValue<string>().TrimEnd('/');
        var versionless = KeyIdentifier().Match(identifier).Groups["version"].Success is false;
        var before = previous?["keyVaultProperties"] as JsonObject;
        var sameKey = string.Equals((string?)before?["keyIdentifier"], identifier, StringComparison.OrdinalIgnoreCase);
        vault["keyIdentifier"] = identifier;
        vault["versionedKeyIdentifier"] = versionless
            ? sameKey ? before!["versionedKeyIdentifier"]?.DeepClone() : $"{identifier}/{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))}"
            : identifier;
        vault["keyRotationEnabled"] = versionless;
        vault["lastKeyRotationTimestamp"] = sameKey
            ? before!["lastKeyRotationTimestamp"]?.DeepClone()
            : write.Request.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
    }

    public override void AfterWrite(ArmWriteContext write, StoredResource stored)
    {
        RegistryCredentials.Initialize(stored);
        AddSystemScopeMaps(write.Request, stored);
        if (Replications is null)
        {
            return;
        }

        var home = write.Request.Store.Children(stored.Address, Replications).FirstOrDefault(ReplicationType.IsHome);
        if (Sku(stored.Body) == "Premium" && home is null)
        {
            // ACR keeps a replication in the home region of every Premium registry, named after the region. It
            // starts with the registry's tags (unverified against ACR, which lists tags on every replication in
            // the ReplicationList example); later tag changes on either side stay their own.
            var location = stored.Body["location"]!.GetValue<string>();
            var replication = ArmResourceOperations.CreateInternal(
                write.Request,
                stored.Address.Child(Replications, location),
                new JsonObject
                {
                    ["location"] = location,
                    ["tags"] = stored.Body["tags"]?.DeepClone() ?? new JsonObject(),
                    ["properties"] = new JsonObject { ["zoneRedundancy"] = stored.Body["properties"]?["zoneRedundancy"]?.DeepClone() },
                });
            replication.Secrets[ReplicationType.HomeMarker] = true;
        }
        else if (Sku(stored.Body) != "Premium" && home is not null)
        {
            write.Request.Store.RemoveTree(home.Address);
        }
    }

    private void AddSystemScopeMaps(ArmRequestContext request, StoredResource registry)
    {
        foreach (var (name, description, actions) in ScopeMaps is null ? [] : ScopeMapType.SystemMaps)
        {
            var address = registry.Address.Child(ScopeMaps!, name);
            if (request.Store.Get(address) is null)
            {
                ArmResourceOperations.CreateInternal(request, address, new JsonObject
                {
                    ["properties"] = new JsonObject
                    {
                        ["description"] = description,
                        ["type"] = ScopeMapType.SystemDefined,
                        ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)a)]),
                    },
                });
            }
        }
    }

    [GeneratedRegex("^https://[^/]+/keys/[^/]+(/(?<version>[^/]+))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyIdentifier();
}
