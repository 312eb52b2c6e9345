using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>A repository event that starts a run, spelled as Azure spells it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SourceTriggerEvent>))]
public enum SourceTriggerEvent
{
    [JsonStringEnumMemberName("commit")]
    [EnumMember(Value = "commit")]
    Commit,

    [JsonStringEnumMemberName("pullrequest")]
    [EnumMember(Value = "pullrequest")]
    PullRequest,
}
