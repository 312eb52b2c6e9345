using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Encryption at rest with a customer-managed key (Premium only).</summary>
[CelRule(
    "self.status == 'disabled' || has(self.keyVaultProperties)",
    Message = "encryption with status enabled needs keyVaultProperties",
    FieldPath = ".keyVaultProperties")]
public sealed class RegistryEncryption
{
    [Description("Whether a customer-managed key encrypts the registry: enabled or disabled. Azure sets this only at creation.")]
    [Required]
    [JsonPropertyName("status")]
    public EnabledState Status { get; set; }

    [Description("The key and the identity that reads it; required when status is enabled.")]
    [JsonPropertyName("keyVaultProperties")]
    public KeyVaultProperties? KeyVaultProperties { get; set; }
}
