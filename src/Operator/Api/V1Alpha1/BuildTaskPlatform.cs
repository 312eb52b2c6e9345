using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The platform a task's images are built for.</summary>
[CelRule(
    "!has(self.variant) || (has(self.architecture) && (self.architecture == 'arm' || self.architecture == 'arm64'))",
    Message = "variant applies only to the arm and arm64 architectures",
    FieldPath = ".variant")]
public sealed class BuildTaskPlatform
{
    [Description("Operating system: Linux or Windows.")]
    [Required]
    [JsonPropertyName("os")]
    public PlatformOs Os { get; set; }

    [Description("CPU architecture: amd64, x86, 386, arm or arm64. Absent: amd64.")]
    [JsonPropertyName("architecture")]
    public PlatformArchitecture? Architecture { get; set; }

    [Description("ARM variant: v6, v7 or v8; only with the arm and arm64 architectures.")]
    [JsonPropertyName("variant")]
    public PlatformVariant? Variant { get; set; }
}
