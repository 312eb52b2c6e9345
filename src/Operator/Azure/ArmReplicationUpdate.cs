namespace AcrOperator.Azure;

/// <summary>A replication PATCH: ARM's update parameters are only tags and regionEndpointEnabled; only non-null members are sent.</summary>
public sealed record ArmReplicationUpdate
{
    /// <summary>Replaces all tags when set (ARM PATCH semantics for <c>tags</c>).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public bool? RegionEndpointEnabled { get; init; }

    /// <summary>Whether nothing would be sent.</summary>
    public bool IsEmpty => this == new ArmReplicationUpdate();
}
