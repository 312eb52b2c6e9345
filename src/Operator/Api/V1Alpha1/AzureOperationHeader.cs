using System.Runtime.Serialization;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// The ARM response header a polling URL came from. It decides how poll responses are read: an
/// <c>Azure-AsyncOperation</c> URL answers with a status body, a <c>Location</c> URL with 202 until done, and
/// <c>ProvisioningState</c> means ARM sent no polling header, so the resource itself is read until it settles.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<AzureOperationHeader>))]
public enum AzureOperationHeader
{
    [JsonStringEnumMemberName("Azure-AsyncOperation")]
    [EnumMember(Value = "Azure-AsyncOperation")]
    AzureAsyncOperation,

    Location,

    ProvisioningState,
}
