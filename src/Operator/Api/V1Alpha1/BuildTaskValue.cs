using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// A named value passed to a step: a Docker build argument or a task value. A value from a Secret is
/// sent to Azure as a secret, which Azure never returns and keeps out of run logs.
/// </summary>
[CelRule("has(self.value) != has(self.secretRef)", Message = "set exactly one of value or secretRef")]
public sealed class BuildTaskValue
{
    [Description("Name of the build argument or task value.")]
    [Required]
    [StringLength(256, MinimumLength = 1)]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [Description("The value, in clear text.")]
    [StringLength(4096)]
    [JsonPropertyName("value")]
    public string? Value { get; set; }

    [Description("A Secret key holding the value, passed to Azure as a secret.")]
    [JsonPropertyName("secretRef")]
    public SecretKeyRef? SecretRef { get; set; }
}
