using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>A multi-step task whose YAML is inline, base64-encoded.</summary>
public sealed class EncodedTaskStep
{
    /// <summary>Standard base64 with padding, as Azure decodes it.</summary>
    internal const string Base64 = "^[A-Za-z0-9+/]*={0,2}$";

    [Description("The task YAML (acr-task.yaml), base64-encoded.")]
    [Required]
    [StringLength(262144, MinimumLength = 1)]
    [RegularExpression(Base64)]
    [JsonPropertyName("encodedTaskContent")]
    public string EncodedTaskContent { get; set; } = "";

    [Description("A values file for the task, base64-encoded.")]
    [StringLength(262144)]
    [RegularExpression(Base64)]
    [JsonPropertyName("encodedValuesContent")]
    public string? EncodedValuesContent { get; set; }

    [Description("Values substituted into the task, each a clear value or a Secret key.")]
    [MaxLength(50)]
    [ListType("name")]
    [JsonPropertyName("values")]
    public IList<BuildTaskValue>? Values { get; set; }
}
