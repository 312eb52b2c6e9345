using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// The managed identities of the registry, used e.g. to read a customer-managed key from Key Vault.
/// User-assigned identities are a list of ARM ids here; ARM's map of id to empty object adds nothing.
/// </summary>
[CelRule(
    "(self.type == 'UserAssigned' || self.type == 'SystemAssigned, UserAssigned') == (has(self.userAssignedIdentities) && size(self.userAssignedIdentities) > 0)",
    Message = "userAssignedIdentities must be listed exactly when type includes UserAssigned",
    FieldPath = ".userAssignedIdentities")]
public sealed class RegistryIdentity
{
    [Description("Which identities the registry has: None, SystemAssigned, UserAssigned or 'SystemAssigned, UserAssigned'.")]
    [Required]
    [JsonPropertyName("type")]
    public RegistryIdentityType Type { get; set; }

    [Description("ARM ids of the user-assigned identities to attach.")]
    [MaxLength(20)]
    [ListType]
    [Items(Pattern = ValidationPatterns.UserAssignedIdentityArmId, MaxLength = 512)]
    [JsonPropertyName("userAssignedIdentities")]
    public IList<string>? UserAssignedIdentities { get; set; }
}
