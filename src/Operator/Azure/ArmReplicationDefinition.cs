namespace AcrOperator.Azure;

/// <summary>The body of a replication create (PUT). A null member is not sent, so Azure applies its default.</summary>
public sealed record ArmReplicationDefinition
{
    public required string Location { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public bool? RegionEndpointEnabled { get; init; }

    /// <summary>Create-only in ARM: absent from updates.</summary>
    public string? ZoneRedundancy { get; init; }
}
