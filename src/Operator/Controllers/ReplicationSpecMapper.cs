using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using static AcrOperator.Controllers.SpecValues;

namespace AcrOperator.Controllers;

/// <summary>
/// Turns a Replication spec into ARM's models: the full definition for a create, and for an existing replication only
/// what differs (tags, regionEndpointEnabled: all ARM lets a PATCH change). A spec field left unset is not managed.
/// </summary>
public static class ReplicationSpecMapper
{
    public static ArmReplicationDefinition ToDefinition(ReplicationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new ArmReplicationDefinition
        {
            Location = spec.Location,
            Tags = Tags(spec.Tags),
            RegionEndpointEnabled = spec.RegionEndpointEnabled,
            ZoneRedundancy = spec.ZoneRedundancy?.ToString(),
        };
    }

    /// <summary>What the spec asks that Azure cannot change on an existing replication, as a message; null when nothing.</summary>
    public static string? ImmutableDifference(ReplicationSpec spec, ArmReplication observed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(observed);
        var actual = observed.ZoneRedundancy ?? nameof(ZoneRedundancy.Disabled);
        return spec.ZoneRedundancy is { } zones && !Same(zones.ToString(), actual)
            ? $"spec.zoneRedundancy is {zones} but the replication in {observed.Location} has {actual}, fixed when it was created; set spec.zoneRedundancy to {actual}, or delete the replication in Azure so it is created anew."
            : null;
    }

    /// <summary>The PATCH that makes <paramref name="observed"/> match <paramref name="spec"/>; empty when it already does.</summary>
    public static ArmReplicationUpdate Diff(ReplicationSpec spec, ArmReplication observed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(observed);
        return new ArmReplicationUpdate
        {
            Tags = Tags(spec.Tags, observed.Tags),
            RegionEndpointEnabled = Differs(spec.RegionEndpointEnabled, observed.RegionEndpointEnabled),
        };
    }

    /// <summary>The spec fields an update carries, for events and logs.</summary>
    public static IReadOnlyList<string> Fields(ArmReplicationUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return [.. new (object? Value, string Name)[] { (update.Tags, "tags"), (update.RegionEndpointEnabled, "regionEndpointEnabled") }.Where(f => f.Value is not null).Select(f => f.Name)];
    }
}
