using AcrOperator.Azure;

namespace AcrOperator.Controllers;

/// <summary>The condition reasons only a Replication has: Azure's rules on which registries and regions can have one.</summary>
public static class ReplicationConditions
{
    /// <summary>The registry is not Premium, the only SKU with geo-replication.</summary>
    public const string PremiumRequired = "PremiumRequired";

    /// <summary>spec.location is the registry's own region, whose replication Azure keeps by itself.</summary>
    public const string HomeRegion = "HomeRegion";

    public static string PremiumRequiredMessage(ArmRegistryId registry, string sku) =>
        $"Registry {registry.Name} is {sku}; geo-replication needs the Premium SKU. Set spec.sku: Premium on its Registry (or upgrade it in Azure), and the replication follows.";

    /// <summary>
    /// The reason and an actionable message for a terminal ARM error on the replication <paramref name="id"/>. A
    /// registry that is not Premium is checked before any write; if Azure refuses on that ground anyway (the SKU
    /// changed meanwhile), it reads the same, not as a generic failure.
    /// </summary>
    public static (string Reason, string Message) ForTerminal(ArmError error, ArmRegistryChildId id, string identity)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(id);
        return error.Message.Contains("Premium", StringComparison.OrdinalIgnoreCase)
            ? (PremiumRequired, $"{PremiumRequiredMessage(id.Registry, "not Premium")} ({error.Code}: {error.Message})")
            : AzureConditions.ForTerminal(error, id.ResourceId, id.Registry.ResourceGroup, identity);
    }
}
