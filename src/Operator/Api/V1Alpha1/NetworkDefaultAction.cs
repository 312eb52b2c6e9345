using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>What the registry does with a request that matches no IP rule.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NetworkDefaultAction>))]
public enum NetworkDefaultAction
{
    Allow,
    Deny,
}
