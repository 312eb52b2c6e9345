using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The registry firewall for its public endpoint (Premium only).</summary>
public sealed class NetworkRuleSet
{
    [Description("What happens to requests from addresses no IP rule allows: Allow or Deny.")]
    [DefaultValue(NetworkDefaultAction.Allow)]
    [JsonPropertyName("defaultAction")]
    public NetworkDefaultAction? DefaultAction { get; set; }

    [Description("Address ranges allowed when the default action is Deny; Azure accepts at most 100.")]
    [MaxLength(100)]
    [ListType("value")]
    [JsonPropertyName("ipRules")]
    public IList<IpRule>? IpRules { get; set; }
}
