using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>A public address range allowed through the registry firewall (Azure's only IP rule action is Allow).</summary>
public sealed class IpRule
{
    /// <summary>An IPv4 address or CIDR range; Azure's IP rules do not take IPv6.</summary>
    internal const string Ipv4OrCidr =
        @"^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(/(3[0-2]|[12]?[0-9]))?$";

    [Description("An IPv4 address or CIDR range allowed to reach the registry, e.g. 203.0.113.0/24.")]
    [Required]
    [StringLength(18, MinimumLength = 7)]
    [RegularExpression(Ipv4OrCidr)]
    [JsonPropertyName("value")]
    public string Value { get; set; } = "";
}
