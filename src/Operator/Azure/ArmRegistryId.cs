namespace AcrOperator.Azure;

/// <summary>Where a registry lives; <see cref="ResourceId"/> is its ARM id.</summary>
public sealed record ArmRegistryId(string SubscriptionId, string ResourceGroup, string Name)
{
    public string ResourceId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.ContainerRegistry/registries/{Name}";

    public override string ToString() => ResourceId;
}
