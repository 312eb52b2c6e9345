using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Runs the task when a base image of the build is updated.</summary>
public sealed class BaseImageTrigger
{
    [Description("Name of the trigger.")]
    [Required]
    [StringLength(50, MinimumLength = 1)]
    [RegularExpression("^[a-zA-Z0-9-_]+$")]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [Description("Which base images count: All, or Runtime (the final stage's only).")]
    [DefaultValue(BaseImageTriggerType.Runtime)]
    [JsonPropertyName("type")]
    public BaseImageTriggerType? Type { get; set; }

    [Description("Whether the trigger fires.")]
    [DefaultValue(true)]
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }
}
