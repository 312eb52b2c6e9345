using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Docker content trust: signed images (Premium only).</summary>
public sealed class TrustPolicy
{
    [Description("Whether content trust is on: enabled or disabled.")]
    [Required]
    [JsonPropertyName("status")]
    public EnabledState Status { get; set; }

    [Description("The trust implementation; Azure supports only Notary.")]
    [DefaultValue(TrustPolicyType.Notary)]
    [JsonPropertyName("type")]
    public TrustPolicyType? Type { get; set; }
}
