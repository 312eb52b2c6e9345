using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Whether the registry's public endpoint accepts connections at all.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PublicNetworkAccess>))]
public enum PublicNetworkAccess
{
    Enabled,
    Disabled,
}
