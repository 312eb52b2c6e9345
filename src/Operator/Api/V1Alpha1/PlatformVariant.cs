using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The ARM CPU variant a task builds for.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PlatformVariant>))]
public enum PlatformVariant
{
    [JsonStringEnumMemberName("v6")]
    [EnumMember(Value = "v6")]
    V6,

    [JsonStringEnumMemberName("v7")]
    [EnumMember(Value = "v7")]
    V7,

    [JsonStringEnumMemberName("v8")]
    [EnumMember(Value = "v8")]
    V8,
}
