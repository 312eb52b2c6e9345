using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Automatic deletion of untagged manifests after a number of days (Premium only).</summary>
public sealed class RetentionPolicy
{
    [Description("Whether untagged manifests are deleted: enabled or disabled.")]
    [Required]
    [JsonPropertyName("status")]
    public EnabledState Status { get; set; }

    [Description("Days an untagged manifest is kept before deletion; 0 deletes it right away.")]
    [Range(0, 365)]
    [DefaultValue(7)]
    [JsonPropertyName("days")]
    public int? Days { get; set; }
}
