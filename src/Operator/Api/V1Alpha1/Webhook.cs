using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;
using k8s;
using k8s.Models;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>A registry webhook: an HTTP callback on pushes, deletes and other registry events.</summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[Description("Webhook is an Azure Container Registry webhook, an HTTP callback on registry events, managed by acr-operator.")]
[ShortNames("acrwh")]
[PrinterColumn(1, "Registry", ".spec.registryRef.name")]
[PrinterColumn(2, "Enabled", ".spec.enabled", Type = "boolean", Priority = 1)]
public sealed class Webhook : IKubernetesObject<V1ObjectMeta>, ISpec<WebhookSpec>, IStatus<WebhookStatus>
{
    public const string KubeGroup = GroupVersion.Group;
    public const string KubeApiVersion = GroupVersion.Version;
    public const string KubeKind = "Webhook";
    public const string KubePluralName = "webhooks";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = GroupVersion.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [Description("The webhook wanted in Azure.")]
    [Required]
    [JsonPropertyName("spec")]
    public WebhookSpec Spec { get; set; } = new();

    [Description("The webhook as last observed in Azure, and the progress of the operator's work on it.")]
    [JsonPropertyName("status")]
    public WebhookStatus Status { get; set; } = new();
}
