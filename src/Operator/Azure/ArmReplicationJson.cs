using System.Text.Json;
using System.Text.Json.Nodes;
using static AcrOperator.Azure.ArmRegistryJson;

namespace AcrOperator.Azure;

/// <summary>Hand-written mapping between ARM's replication JSON and the operator's models; a PATCH carries only what was set.</summary>
internal static class ArmReplicationJson
{
    public static ArmReplication Read(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        var root = document.RootElement;
        var properties = Object(root, "properties");
        return new ArmReplication
        {
            Id = Text(root, "id") ?? "",
            Name = Text(root, "name") ?? "",
            Location = Text(root, "location") ?? "",
            Tags = Tags(root),
            ProvisioningState = Text(properties, "provisioningState"),
            RegionEndpointEnabled = Bool(properties, "regionEndpointEnabled") ?? true,
            ZoneRedundancy = Text(properties, "zoneRedundancy"),
        };
    }

    public static BinaryData WriteCreate(ArmReplicationDefinition definition)
    {
        var properties = new JsonObject();
        Set(properties, "regionEndpointEnabled", definition.RegionEndpointEnabled);
        Set(properties, "zoneRedundancy", definition.ZoneRedundancy);
        var body = new JsonObject { ["location"] = definition.Location, ["properties"] = properties };
        Set(body, "tags", Write(definition.Tags));
        return BinaryData.FromString(body.ToJsonString());
    }

    public static BinaryData WriteUpdate(ArmReplicationUpdate update)
    {
        var body = new JsonObject();
        Set(body, "tags", Write(update.Tags));
        if (update.RegionEndpointEnabled is { } enabled)
        {
            body["properties"] = new JsonObject { ["regionEndpointEnabled"] = enabled };
        }

        return BinaryData.FromString(body.ToJsonString());
    }
}
