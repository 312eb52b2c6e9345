using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The registry a child resource (replication, webhook, task) belongs to.</summary>
[CelRule("has(self.name) != has(self.armId)", Message = "registryRef must set exactly one of name or armId")]
public sealed class RegistryRef
{
    [Description("Name of a Registry resource in the same namespace; the child waits until it is Ready.")]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(ValidationPatterns.Dns1123Subdomain)]
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [Description("ARM id of a registry not managed by a Registry resource here, e.g. /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>.")]
    [StringLength(512)]
    [RegularExpression(ValidationPatterns.RegistryArmId)]
    [JsonPropertyName("armId")]
    public string? ArmId { get; set; }
}
