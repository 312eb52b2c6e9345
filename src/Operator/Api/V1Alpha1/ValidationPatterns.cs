namespace AcrOperator.Api.V1Alpha1;

/// <summary>Regular expressions (ECMA-262, as the API server evaluates them) shared by several fields.</summary>
internal static class ValidationPatterns
{
    /// <summary>A Kubernetes object name (DNS-1123 subdomain), e.g. of a Secret; at most 253 characters.</summary>
    public const string Dns1123Subdomain = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>A key in a Secret's data.</summary>
    public const string SecretKey = @"^[-._a-zA-Z0-9]+$";

    /// <summary>Registry, replication and webhook names in Azure: 5-50 letters and digits.</summary>
    public const string AzureAlphanumericName = "^[a-zA-Z0-9]+$";

    /// <summary>An Azure region's programmatic name, e.g. <c>westeurope</c>, never the display name.</summary>
    public const string AzureLocation = "^[a-z0-9]+$";

    /// <summary>An Azure subscription id.</summary>
    public const string Guid = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    /// <summary>The ARM id of a container registry, in the casing ARM returns.</summary>
    public const string RegistryArmId =
        "^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ContainerRegistry/registries/[a-zA-Z0-9]{5,50}$";

    /// <summary>An ARM id of a user-assigned managed identity.</summary>
    public const string UserAssignedIdentityArmId =
        "^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/[^/]+$";
}
