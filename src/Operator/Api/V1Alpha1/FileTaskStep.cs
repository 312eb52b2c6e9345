using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>A multi-step task whose YAML is a file in the context.</summary>
public sealed class FileTaskStep
{
    [Description("Path of the task YAML, relative to the context.")]
    [Required]
    [StringLength(1024, MinimumLength = 1)]
    [JsonPropertyName("taskFilePath")]
    public string TaskFilePath { get; set; } = "";

    [Description("Path of a values file, relative to the context.")]
    [StringLength(1024)]
    [JsonPropertyName("valuesFilePath")]
    public string? ValuesFilePath { get; set; }

    [Description("Values substituted into the task, each a clear value or a Secret key.")]
    [MaxLength(50)]
    [ListType("name")]
    [JsonPropertyName("values")]
    public IList<BuildTaskValue>? Values { get; set; }
}
