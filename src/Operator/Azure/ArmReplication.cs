namespace AcrOperator.Azure;

/// <summary>A geo-replication as ARM reports it; its name is its location.</summary>
public sealed record ArmReplication : IArmProvisioned
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Location { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public string? ProvisioningState { get; init; }

    public bool RegionEndpointEnabled { get; init; } = true;

    /// <summary><c>Enabled</c> or <c>Disabled</c>; fixed when the replication is created.</summary>
    public string? ZoneRedundancy { get; init; }
}
