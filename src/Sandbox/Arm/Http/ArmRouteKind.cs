namespace AcrOperator.Sandbox.Arm.Http;

/// <summary>The shapes of ARM URLs the emulator serves.</summary>
internal enum ArmRouteKind
{
    /// <summary><c>.../{type}/{name}</c> (a resource group is one too).</summary>
    Resource,

    /// <summary><c>.../{type}</c> under a resource group or parent: list.</summary>
    Collection,

    /// <summary><c>/subscriptions/{s}/providers/{ns}/{type}</c>: list across the subscription.</summary>
    SubscriptionCollection,

    /// <summary><c>.../{type}/{name}/{action}</c>.</summary>
    Action,

    /// <summary><c>/subscriptions/{s}/providers/{ns}/{action}</c>.</summary>
    SubscriptionAction,

    /// <summary><c>.../{type}/{name}/operationStatuses/{id}</c>: the Azure-AsyncOperation status resource.</summary>
    OperationStatus,

    /// <summary><c>.../locations/{l}/operationResults/{id}</c> or <c>/subscriptions/{s}/operationresults/{id}</c>: a Location poll.</summary>
    OperationResult,
}
