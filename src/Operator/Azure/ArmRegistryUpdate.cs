namespace AcrOperator.Azure;

/// <summary>
/// A registry PATCH: only non-null members are sent, so the reconciler sends exactly the fields that differ.
/// ARM's update parameters have no location or zone redundancy.
/// </summary>
public sealed record ArmRegistryUpdate
{
    public string? Sku { get; init; }

    /// <summary>Replaces all tags when set (ARM PATCH semantics for <c>tags</c>).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public bool? AdminUserEnabled { get; init; }

    public string? PublicNetworkAccess { get; init; }

    public bool? DataEndpointEnabled { get; init; }

    public bool? AnonymousPullEnabled { get; init; }

    public ArmNetworkRuleSet? NetworkRuleSet { get; init; }

    public ArmRegistryPolicies? Policies { get; init; }

    public ArmRegistryIdentity? Identity { get; init; }

    public ArmRegistryEncryption? Encryption { get; init; }

    /// <summary>Whether nothing would be sent.</summary>
    public bool IsEmpty => this == new ArmRegistryUpdate();
}
