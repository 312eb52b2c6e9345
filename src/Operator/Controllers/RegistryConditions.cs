using AcrOperator.Azure;

namespace AcrOperator.Controllers;

/// <summary>
/// The condition reasons only a Registry has: it names its own subscription, resource group and globally unique
/// name, so those are what a human fixes when Azure refuses them. The shared reasons and states are <see cref="AzureConditions"/>.
/// </summary>
public static class RegistryConditions
{
    public const string ResourceGroupNotFound = "ResourceGroupNotFound";
    public const string SubscriptionNotFound = "SubscriptionNotFound";
    public const string SubscriptionNotConfigured = "SubscriptionNotConfigured";
    public const string NameNotAvailable = "NameNotAvailable";

    /// <summary>
    /// The reason and an actionable message for a terminal ARM error on the registry <paramref name="id"/>: the
    /// registry's own fields first, then what every kind shares (<see cref="AzureConditions.ForTerminal"/>).
    /// </summary>
    public static (string Reason, string Message) ForTerminal(ArmError error, ArmRegistryId id, string identity)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(id);
        return error switch
        {
            { Code: ArmErrorCodes.ResourceGroupNotFound } =>
                (ResourceGroupNotFound, $"Resource group {id.ResourceGroup} does not exist in subscription {id.SubscriptionId}; create it or fix spec.resourceGroup. ({error.Code}: {error.Message})"),
            { Code: ArmErrorCodes.SubscriptionNotFound } =>
                (SubscriptionNotFound, $"Subscription {id.SubscriptionId} was not found; fix spec.subscriptionId or the operator's default subscription. ({error.Code}: {error.Message})"),
            { IsNameConflict: true } =>
                (NameNotAvailable, $"The registry name {id.Name} is taken (registry names are global); choose another spec.azureName. ({error.Code}: {error.Message})"),
            _ => AzureConditions.ForTerminal(error, id.ResourceId, id.ResourceGroup, identity),
        };
    }
}
