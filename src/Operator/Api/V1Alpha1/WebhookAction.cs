using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>A registry event that fires a webhook, spelled as Azure spells it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WebhookAction>))]
public enum WebhookAction
{
    [JsonStringEnumMemberName("push")]
    [EnumMember(Value = "push")]
    Push,

    [JsonStringEnumMemberName("delete")]
    [EnumMember(Value = "delete")]
    Delete,

    [JsonStringEnumMemberName("quarantine")]
    [EnumMember(Value = "quarantine")]
    Quarantine,

    [JsonStringEnumMemberName("chart_push")]
    [EnumMember(Value = "chart_push")]
    ChartPush,

    [JsonStringEnumMemberName("chart_delete")]
    [EnumMember(Value = "chart_delete")]
    ChartDelete,
}
