using System.Diagnostics.CodeAnalysis;

namespace AcrOperator.Azure;

/// <summary>Where a registry lives; <see cref="ResourceId"/> is its ARM id.</summary>
public sealed record ArmRegistryId(string SubscriptionId, string ResourceGroup, string Name)
{
    public string ResourceId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.ContainerRegistry/registries/{Name}";

    /// <summary>Reads an id of the form <see cref="ResourceId"/> (any casing of the fixed segments, as ARM returns them).</summary>
    public static bool TryParse(string? resourceId, [NotNullWhen(true)] out ArmRegistryId? id)
    {
        id = null;
        var segments = resourceId?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (segments is not [var subscriptions, var subscription, var groups, var group, var providers, var provider, var registries, var name]
            || !subscriptions.Equals("subscriptions", StringComparison.OrdinalIgnoreCase)
            || !groups.Equals("resourceGroups", StringComparison.OrdinalIgnoreCase)
            || !providers.Equals("providers", StringComparison.OrdinalIgnoreCase)
            || !provider.Equals("Microsoft.ContainerRegistry", StringComparison.OrdinalIgnoreCase)
            || !registries.Equals("registries", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        id = new ArmRegistryId(subscription, group, name);
        return true;
    }

    public override string ToString() => ResourceId;
}
