using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary><c>Microsoft.ContainerRegistry/registries/replications</c>: Premium only, one per region, the home one fixed.</summary>
internal sealed class ReplicationType : ArmResourceType
{
    public const string HomeMarker = "homeReplication";

    [SetsRequiredMembers]
    public ReplicationType(RegistryType registries)
    {
        Namespace = "Microsoft.ContainerRegistry";
        Segments = ["registries", "replications"];
        Parent = registries;
        ApiVersions = ContainerRegistryApiVersions.Registry;
        NameRule = new ArmNameRule(5, 50, "^[a-zA-Z0-9]*$");
        IsTracked = true;
        OperationPrefix = "replications";
        ReadOnlyPaths = ["properties.provisioningState", "properties.status"];
        CreateOnlyPaths = ["properties.zoneRedundancy"];
        Properties =
        [
            new("tags", ArmPropertyKind.Object),
            new("properties", ArmPropertyKind.Object),
            new("properties.regionEndpointEnabled", ArmPropertyKind.Boolean),
            ArmPropertyRule.Enum("properties.zoneRedundancy", false, "Enabled", "Disabled"),
        ];
        Defaults = JsonNode.Parse("""
            { "properties": { "provisioningState": "", "status": {}, "regionEndpointEnabled": true, "zoneRedundancy": "Disabled" } }
            """)!.AsObject();
    }

    public static bool IsHome(StoredResource replication) => replication.Secrets[HomeMarker]?.GetValue<bool>() == true;

    // The real code for replication on a non-Premium registry is unverified (reference §4, §10); this follows
    // the verified SKU-gating shape "DisablingPublicNetworkAccessNotSupported: ... is not supported for the SKU Basic".
    public static ArmException NotSupported(string sku, string advice) => new(
        HttpStatusCode.BadRequest,
        "ReplicationNotSupported",
        $"Replication is not supported for the SKU {sku}. Geo-replication requires the Premium SKU. {advice}");

    public override void ValidateWrite(ArmWriteContext write)
    {
        var registry = write.Request.Store.Get(write.Address.Parent!)!;
        var sku = RegistryType.Sku(registry.Body)!;
        if (sku != "Premium")
        {
            throw NotSupported(sku, "Upgrade the registry to Premium first.");
        }

        var location = write.Resource["location"]!.GetValue<string>();
        var sameRegion = write.Request.Store.Children(registry.Address, this)
            .FirstOrDefault(r => r.Address.Key != write.Address.Key && string.Equals(r.Body["location"]?.GetValue<string>(), location, StringComparison.OrdinalIgnoreCase));
        if (sameRegion is not null)
        {
            throw new ArmException(
                HttpStatusCode.Conflict,
                "ReplicationAlreadyExists",
                $"The registry already has replication '{sameRegion.Name}' in location '{location}'.");
        }

        if (write.Existing is { } existing && IsHome(existing) && write.Resource["properties"]?["regionEndpointEnabled"]?.GetValue<bool>() == false)
        {
            throw HomeReplicationFixed(existing, "its region endpoint cannot be disabled");
        }
    }

    public override void ValidateDelete(ArmRequestContext request, StoredResource resource)
    {
        if (IsHome(resource))
        {
            throw HomeReplicationFixed(resource, "it is removed with the registry");
        }
    }

    public override void SetProvisioningState(JsonObject body, string state, DateTimeOffset now)
    {
        base.SetProvisioningState(body, state, now);
        var (display, message) = state switch
        {
            "Succeeded" => ("Ready", "The replication is ready."),
            "Deleting" => ("Deleting", "The replication is being deleted."),
            _ => ("Provisioning", "The replication is provisioning."),
        };
        body["properties"]!["status"] = new JsonObject
        {
            ["displayStatus"] = display,
            ["message"] = message,
            ["timestamp"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        };
    }

    private static ArmException HomeReplicationFixed(StoredResource replication, string why) => new(
        HttpStatusCode.BadRequest,
        "OperationNotAllowed",
        $"The replication '{replication.Name}' is in the registry's home region and {why}.");
}
