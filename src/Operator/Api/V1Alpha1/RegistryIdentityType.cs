using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The managed identities of a registry, with Azure's spelling of the combined value.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RegistryIdentityType>))]
public enum RegistryIdentityType
{
    None,
    SystemAssigned,
    UserAssigned,

    [JsonStringEnumMemberName("SystemAssigned, UserAssigned")]
    [EnumMember(Value = "SystemAssigned, UserAssigned")]
    SystemAssignedUserAssigned,
}
