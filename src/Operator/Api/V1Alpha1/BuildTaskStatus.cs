using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;
using k8s.Models;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The task as last observed in Azure, its recent runs, and what the operator has scheduled.</summary>
public sealed class BuildTaskStatus : IAzureResourceStatus
{
    /// <summary>How many runs <see cref="Runs"/> keeps; older ones are in Azure's run history.</summary>
    public const int MaxRuns = 5;

    [Description("The metadata.generation the last complete reconcile acted on.")]
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [Description("kstatus conditions: Ready (summary), Reconciling (work in progress) and Stalled (needs a human); and Succeeded, the outcome of the last run (Unknown while it runs).")]
    [ListType("type")]
    [JsonPropertyName("conditions")]
    public IList<V1Condition> Conditions { get; set; } = [];

    [Description("ARM id of the task.")]
    [JsonPropertyName("resourceId")]
    public string? ResourceId { get; set; }

    [Description("Azure's provisioning state of the task, e.g. Succeeded.")]
    [JsonPropertyName("provisioningState")]
    public string? ProvisioningState { get; set; }

    [Description("The Azure long-running operation in flight, if any; polled until it ends.")]
    [JsonPropertyName("operation")]
    public AzureOperationStatus? Operation { get; set; }

    [Description("The value of the acr.operator.dev/reconcile-requested-at annotation last acted on, so a user can tell the requested pass has run.")]
    [JsonPropertyName("lastHandledReconcileRequest")]
    public string? LastHandledReconcileRequest { get; set; }

    [Description("The most recent run the operator scheduled or followed; polled until it ends.")]
    [JsonPropertyName("lastRun")]
    public BuildTaskRun? LastRun { get; set; }

    [Description("The most recent runs, newest first; at most 5.")]
    [MaxLength(MaxRuns)]
    [JsonPropertyName("runs")]
    public IList<BuildTaskRun>? Runs { get; set; }

    [Description("The value of the acr.operator.dev/run-requested-at annotation last acted on, so each value schedules one run.")]
    [JsonPropertyName("lastHandledRunRequest")]
    public string? LastHandledRunRequest { get; set; }

    [Description("The metadata.generation for which runOnChange last scheduled a run, so each change schedules one run.")]
    [JsonPropertyName("lastRunOnChangeGeneration")]
    public long? LastRunOnChangeGeneration { get; set; }
}
