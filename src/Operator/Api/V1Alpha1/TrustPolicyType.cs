using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The content trust implementation; Azure knows only Notary.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrustPolicyType>))]
public enum TrustPolicyType
{
    Notary,
}
