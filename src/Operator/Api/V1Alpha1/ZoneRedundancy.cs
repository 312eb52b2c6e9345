using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Whether a registry or replication spreads over availability zones; Azure fixes it at creation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ZoneRedundancy>))]
public enum ZoneRedundancy
{
    Enabled,
    Disabled,
}
