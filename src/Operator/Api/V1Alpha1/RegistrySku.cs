using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The service tier of a registry. Azure's retired <c>Classic</c> tier is not offered.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RegistrySku>))]
public enum RegistrySku
{
    Basic,
    Standard,

    /// <summary>Needed for geo-replication, network rules, zone redundancy, customer-managed keys and most policies.</summary>
    Premium,
}
