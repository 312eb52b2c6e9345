using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Whether artifacts may be exported or imported out of the registry (data exfiltration control).</summary>
public sealed class ExportPolicy
{
    [Description("Whether export is allowed: enabled or disabled. Azure accepts disabled only while public network access is Disabled.")]
    [Required]
    [JsonPropertyName("status")]
    public EnabledState Status { get; set; }
}
