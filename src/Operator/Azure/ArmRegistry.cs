namespace AcrOperator.Azure;

/// <summary>A registry as ARM reports it, limited to what the operator's Registry kind manages or shows.</summary>
public sealed record ArmRegistry : IArmProvisioned
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Location { get; init; }

    public required string Sku { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary><c>Creating</c>, <c>Updating</c>, <c>Deleting</c>, <c>Succeeded</c>, <c>Failed</c> or <c>Canceled</c>.</summary>
    public string? ProvisioningState { get; init; }

    public string? LoginServer { get; init; }

    public DateTimeOffset? CreationDate { get; init; }

    public bool AdminUserEnabled { get; init; }

    public string? PublicNetworkAccess { get; init; }

    public string? ZoneRedundancy { get; init; }

    public bool DataEndpointEnabled { get; init; }

    public bool AnonymousPullEnabled { get; init; }

    public ArmNetworkRuleSet? NetworkRuleSet { get; init; }

    public ArmRegistryPolicies? Policies { get; init; }

    public ArmRegistryIdentity? Identity { get; init; }

    public ArmRegistryEncryption? Encryption { get; init; }
}
