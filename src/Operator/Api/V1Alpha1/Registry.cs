using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;
using k8s;
using k8s.Models;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>An Azure Container Registry, and optionally the pull secrets that give workloads access to it.</summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[Description("Registry is an Azure Container Registry managed by acr-operator, and optionally the image pull secrets that let workloads pull from it.")]
[ShortNames("acr")]
[PrinterColumn(1, "Login Server", ".status.loginServer")]
[PrinterColumn(2, "SKU", ".spec.sku", Priority = 1)]
[PrinterColumn(3, "Location", ".spec.location", Priority = 1)]
public sealed class Registry : IKubernetesObject<V1ObjectMeta>, ISpec<RegistrySpec>, IStatus<RegistryStatus>
{
    public const string KubeGroup = GroupVersion.Group;
    public const string KubeApiVersion = GroupVersion.Version;
    public const string KubeKind = "Registry";
    public const string KubePluralName = "registries";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [Description("The registry wanted in Azure.")]
    [Required]
    [JsonPropertyName("spec")]
    public RegistrySpec Spec { get; set; } = new();

    [Description("The registry as last observed in Azure, and the progress of the operator's work on it.")]
    [JsonPropertyName("status")]
    public RegistryStatus Status { get; set; } = new();
}
