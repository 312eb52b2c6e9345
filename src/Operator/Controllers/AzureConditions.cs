using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Status;

namespace AcrOperator.Controllers;

/// <summary>
/// The condition reasons every Azure-backed kind shares, and the three kstatus states a resource can be in. Each
/// setter leaves exactly one of Ready, Reconciling or Stalled meaningful, so <c>kubectl wait</c>, Flux and Argo CD
/// read the same story. Reasons that only one kind has live with that kind (<see cref="RegistryConditions"/>).
/// </summary>
public static class AzureConditions
{
    public const string Succeeded = "Succeeded";
    public const string Observed = "Observed";
    public const string NotFoundInAzure = "NotFoundInAzure";
    public const string Creating = "Creating";
    public const string Updating = "Updating";
    public const string Deleting = "Deleting";
    public const string Provisioning = "Provisioning";
    public const string Throttled = "Throttled";
    public const string AzureUnavailable = "AzureUnavailable";
    public const string AzureOperationFailed = "AzureOperationFailed";
    public const string AzureRequestFailed = "AzureRequestFailed";
    public const string InvalidSpec = "InvalidSpec";
    public const string AuthorizationFailed = "AuthorizationFailed";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string CredentialsNotFound = AzureCredentialsResolver.CredentialsNotFound;
    public const string InvalidCredentials = AzureCredentialsResolver.InvalidCredentials;

    /// <summary>The spec is met: Ready, nothing in progress, nothing stuck.</summary>
    public static void SetReady(IConditionedStatus status, string reason, string message, long? generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        Conditions.Set(status.Conditions, ConditionTypes.Ready, Conditions.True, reason, message, generation, now);
        Conditions.Remove(status.Conditions, ConditionTypes.Reconciling);
        Conditions.Remove(status.Conditions, ConditionTypes.Stalled);
    }

    /// <summary>The spec is not met, and nothing is under way to meet it (observe-only mode).</summary>
    public static void SetNotReady(IConditionedStatus status, string reason, string message, long? generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        Conditions.Set(status.Conditions, ConditionTypes.Ready, Conditions.False, reason, message, generation, now);
        Conditions.Remove(status.Conditions, ConditionTypes.Reconciling);
        Conditions.Remove(status.Conditions, ConditionTypes.Stalled);
    }

    /// <summary>Work is under way (an operation, a retry after throttling); the operator will come back by itself.</summary>
    public static void SetReconciling(IConditionedStatus status, string reason, string message, long? generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        Conditions.Set(status.Conditions, ConditionTypes.Reconciling, Conditions.True, reason, message, generation, now);
        Conditions.Set(status.Conditions, ConditionTypes.Ready, Conditions.False, reason, message, generation, now);
        Conditions.Remove(status.Conditions, ConditionTypes.Stalled);
    }

    /// <summary>Progress needs a human; the message says what to change.</summary>
    public static void SetStalled(IConditionedStatus status, string reason, string message, long? generation, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        Conditions.Set(status.Conditions, ConditionTypes.Stalled, Conditions.True, reason, message, generation, now);
        Conditions.Set(status.Conditions, ConditionTypes.Ready, Conditions.False, reason, message, generation, now);
        Conditions.Remove(status.Conditions, ConditionTypes.Reconciling);
    }

    /// <summary>
    /// The reason and an actionable message for a terminal ARM error on <paramref name="resourceId"/> in
    /// <paramref name="resourceGroup"/>. <paramref name="identity"/> names who acted (<see cref="AzureCredentials.Description"/>),
    /// since a refusal is only actionable when the reader knows whose.
    /// </summary>
    public static (string Reason, string Message) ForTerminal(ArmError error, string resourceId, string resourceGroup, string identity)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            { Code: ArmErrorCodes.ParentResourceNotFound } =>
                (RegistryRefResolver.RegistryNotFoundInAzure, $"The registry of {resourceId} does not exist in Azure; create it, or fix spec.registryRef. ({error.Code}: {error.Message})"),
            { Code: ArmErrorCodes.InvalidResourceName or ArmErrorCodes.InvalidRequestContent or ArmErrorCodes.InvalidParameter } =>
                (InvalidSpec, $"Azure refused the spec; correct it. ({error.Code}: {error.Message})"),
            { Code: ArmErrorCodes.AuthorizationFailed } or { Status: 403 } =>
                (AuthorizationFailed, $"Azure refused {identity} on {resourceId}: grant it Contributor on resource group {resourceGroup} (or a role with Microsoft.ContainerRegistry/registries/*), or use other credentials. ({error.Code}: {error.Message})"),
            { Code: ArmErrorCodes.AuthenticationFailed or ArmErrorCodes.InvalidAuthenticationToken or ArmErrorCodes.CredentialRejected or ArmErrorCodes.CredentialUnavailable } or { Status: 401 } =>
                (AuthenticationFailed, $"Azure could not sign in {identity}; check its tenant, client id and secret or federated credential. ({error.Code}: {error.Message})"),
            _ => (AzureRequestFailed, $"Azure refused the request; check the spec and the permissions of {identity}. ({error.Code}: {error.Message})"),
        };
    }
}
