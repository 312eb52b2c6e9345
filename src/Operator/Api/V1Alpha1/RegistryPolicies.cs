using System.ComponentModel;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The registry's content policies; an absent policy is left as Azure has it.</summary>
public sealed class RegistryPolicies
{
    [Description("Quarantine of newly pushed images until a scanner releases them.")]
    [JsonPropertyName("quarantinePolicy")]
    public QuarantinePolicy? QuarantinePolicy { get; set; }

    [Description("Docker content trust (signed images).")]
    [JsonPropertyName("trustPolicy")]
    public TrustPolicy? TrustPolicy { get; set; }

    [Description("Automatic deletion of untagged manifests.")]
    [JsonPropertyName("retentionPolicy")]
    public RetentionPolicy? RetentionPolicy { get; set; }

    [Description("Whether artifacts may be exported from the registry.")]
    [JsonPropertyName("exportPolicy")]
    public ExportPolicy? ExportPolicy { get; set; }
}
