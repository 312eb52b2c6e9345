using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The Key Vault key that encrypts the registry, and the identity that reads it.</summary>
public sealed class KeyVaultProperties
{
    [Description("Key Vault key URI; without a version Azure rotates to new key versions automatically.")]
    [Required]
    [StringLength(1024, MinimumLength = 1)]
    [RegularExpression("^https://.+$")]
    [JsonPropertyName("keyIdentifier")]
    public string KeyIdentifier { get; set; } = "";

    [Description("Client id of the registry's user-assigned identity that may read the key.")]
    [RegularExpression(ValidationPatterns.Guid)]
    [JsonPropertyName("identity")]
    public string? Identity { get; set; }
}
