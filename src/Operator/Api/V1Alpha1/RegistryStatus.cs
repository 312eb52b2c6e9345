using System.ComponentModel;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;
using k8s.Models;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The registry as last observed in Azure, and the progress of the operator's work on it.</summary>
public sealed class RegistryStatus : IAzureResourceStatus
{
    [Description("The metadata.generation the last complete reconcile acted on.")]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [Description("kstatus conditions: Ready (summary), Reconciling (work in progress) and Stalled (needs a human).")]
    [ListType("type")]
    [JsonPropertyName("conditions")]
    public IList<V1Condition> Conditions { get; set; } = [];

    [Description("ARM id of the registry.")]
    [JsonPropertyName("resourceId")]
    public string? ResourceId { get; set; }

    [Description("Host name to log in to and pull from, e.g. contoso.azurecr.io.")]
    [JsonPropertyName("loginServer")]
    public string? LoginServer { get; set; }

    [Description("Azure's provisioning state of the registry, e.g. Succeeded.")]
    [JsonPropertyName("provisioningState")]
    public string? ProvisioningState { get; set; }

    [Description("The pull secrets' reach and credential state, when spec.pullSecret is set.")]
    [JsonPropertyName("pullSecret")]
    public PullSecretStatus? PullSecret { get; set; }

    [Description("The Azure long-running operation in flight, if any; polled until it ends.")]
    [JsonPropertyName("operation")]
    public AzureOperationStatus? Operation { get; set; }

    [Description("The value of the acr.operator.dev/reconcile-requested-at annotation last acted on, so a user can tell the requested pass has run.")]
    [JsonPropertyName("lastHandledReconcileRequest")]
    public string? LastHandledReconcileRequest { get; set; }
}
