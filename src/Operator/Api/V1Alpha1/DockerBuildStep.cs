using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>A <c>docker build</c> of one Dockerfile, optionally pushed to the registry.</summary>
[CelRule(
    "(has(self.push) && !self.push) || (has(self.imageNames) && size(self.imageNames) > 0)",
    Message = "imageNames are required when push is true (the default)",
    FieldPath = ".imageNames")]
public sealed class DockerBuildStep
{
    [Description("Path of the Dockerfile, relative to the context.")]
    [Required]
    [StringLength(1024, MinimumLength = 1)]
    [JsonPropertyName("dockerFilePath")]
    public string DockerFilePath { get; set; } = "";

    [Description("Images to tag the result with, as repository:tag in the registry; tags may use run variables such as {{.Run.ID}}.")]
    [MaxLength(20)]
    [ListType]
    [Items(MinLength = 1, MaxLength = 512)]
    [JsonPropertyName("imageNames")]
    public IList<string>? ImageNames { get; set; }

    [Description("Whether the built images are pushed to the registry.")]
    [DefaultValue(true)]
    [JsonPropertyName("push")]
    public bool? Push { get; set; }

    [Description("Whether to build without the layer cache.")]
    [DefaultValue(false)]
    [JsonPropertyName("noCache")]
    public bool? NoCache { get; set; }

    [Description("The build stage to stop at, in a multi-stage Dockerfile.")]
    [StringLength(256)]
    [JsonPropertyName("target")]
    public string? Target { get; set; }

    [Description("Build arguments (--build-arg), each a clear value or a Secret key.")]
    [MaxLength(50)]
    [ListType("name")]
    [JsonPropertyName("arguments")]
    public IList<BuildTaskValue>? Arguments { get; set; }
}
