using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>A whole Secret in the custom resource's own namespace.</summary>
public sealed class SecretRef
{
    [Description("Name of the Secret, in the same namespace as this resource.")]
    [Required]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(ValidationPatterns.Dns1123Subdomain)]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";
}
