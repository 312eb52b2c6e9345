using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;
using k8s;
using k8s.Models;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>An ACR Task: a build (or multi-step task) that Azure runs on triggers, on a timer or on demand.</summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[Description("BuildTask is an Azure Container Registry task, a container build or multi-step task run by Azure on source commits, base image updates, timers or on demand, managed by acr-operator.")]
[ShortNames("acrtask")]
[PrinterColumn(1, "Registry", ".spec.registryRef.name")]
[PrinterColumn(2, "Last Run", ".status.lastRun.status")]
[PrinterColumn(3, "Run ID", ".status.lastRun.runId", Priority = 1)]
public sealed class BuildTask : IKubernetesObject<V1ObjectMeta>, ISpec<BuildTaskSpec>, IStatus<BuildTaskStatus>
{
    public const string KubeGroup = GroupVersion.Group;
    public const string KubeApiVersion = GroupVersion.Version;
    public const string KubeKind = "BuildTask";
    public const string KubePluralName = "buildtasks";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [Description("The task wanted in Azure.")]
    [Required]
    [JsonPropertyName("spec")]
    public BuildTaskSpec Spec { get; set; } = new();

    [Description("The task as last observed in Azure, its recent runs, and the progress of the operator's work on it.")]
    [JsonPropertyName("status")]
    public BuildTaskStatus Status { get; set; } = new();
}
