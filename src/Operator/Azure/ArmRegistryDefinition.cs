namespace AcrOperator.Azure;

/// <summary>The body of a registry create (PUT). A null member is not sent, so Azure applies its default.</summary>
public sealed record ArmRegistryDefinition
{
    public required string Location { get; init; }

    public required string Sku { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public bool? AdminUserEnabled { get; init; }

    public string? PublicNetworkAccess { get; init; }

    /// <summary>Create-only in ARM: absent from updates.</summary>
    public string? ZoneRedundancy { get; init; }

    public bool? DataEndpointEnabled { get; init; }

    public bool? AnonymousPullEnabled { get; init; }

    public ArmNetworkRuleSet? NetworkRuleSet { get; init; }

    public ArmRegistryPolicies? Policies { get; init; }

    public ArmRegistryIdentity? Identity { get; init; }

    public ArmRegistryEncryption? Encryption { get; init; }
}
