using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The CPU architecture a task builds for, spelled as Azure spells it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlatformArchitecture>))]
public enum PlatformArchitecture
{
    [JsonStringEnumMemberName("amd64")]
    [EnumMember(Value = "amd64")]
    Amd64,

    [JsonStringEnumMemberName("x86")]
    [EnumMember(Value = "x86")]
    X86,

    [JsonStringEnumMemberName("386")]
    [EnumMember(Value = "386")]
    I386,

    [JsonStringEnumMemberName("arm")]
    [EnumMember(Value = "arm")]
    Arm,

    [JsonStringEnumMemberName("arm64")]
    [EnumMember(Value = "arm64")]
    Arm64,
}
