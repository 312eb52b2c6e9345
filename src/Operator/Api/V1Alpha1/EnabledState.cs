using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// Azure's lowercase on/off switch of registry policies and encryption, kept verbatim so that values
/// read the same in the custom resource, in <c>az</c> output and in the ARM spec.
/// </summary>
/// <remarks>
/// Every renamed member carries both attributes: System.Text.Json (the wire format) reads
/// <c>JsonStringEnumMemberName</c>, YamlDotNet (<c>KubernetesYaml</c>) reads <c>EnumMember</c>.
/// </remarks>
[JsonConverter(typeof(JsonStringEnumConverter<EnabledState>))]
public enum EnabledState
{
    [JsonStringEnumMemberName("enabled")]
    [EnumMember(Value = "enabled")]
    Enabled,

    [JsonStringEnumMemberName("disabled")]
    [EnumMember(Value = "disabled")]
    Disabled,
}
