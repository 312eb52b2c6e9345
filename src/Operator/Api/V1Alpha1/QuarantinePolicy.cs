using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Quarantine: pushed images stay unpullable until a scanner releases them (Premium only).</summary>
public sealed class QuarantinePolicy
{
    [Description("Whether quarantine is on: enabled or disabled.")]
    [Required]
    [JsonPropertyName("status")]
    public EnabledState Status { get; set; }
}
