using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;
using k8s;
using k8s.Models;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>A geo-replication of a Premium registry into another Azure region.</summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[Description("Replication is a geo-replication of a Premium Azure Container Registry into another region, managed by acr-operator.")]
[ShortNames("acrrepl")]
[PrinterColumn(1, "Location", ".spec.location")]
[PrinterColumn(2, "Registry", ".spec.registryRef.name", Priority = 1)]
public sealed class Replication : IKubernetesObject<V1ObjectMeta>, ISpec<ReplicationSpec>, IStatus<ReplicationStatus>
{
    public const string KubeGroup = GroupVersion.Group;
    public const string KubeApiVersion = GroupVersion.Version;
    public const string KubeKind = "Replication";
    public const string KubePluralName = "replications";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [Description("The replication wanted in Azure.")]
    [Required]
    [JsonPropertyName("spec")]
    public ReplicationSpec Spec { get; set; } = new();

    [Description("The replication as last observed in Azure, and the progress of the operator's work on it.")]
    [JsonPropertyName("status")]
    public ReplicationStatus Status { get; set; } = new();
}
