namespace AcrOperator.Azure;

/// <summary>The registry firewall: the default action (<c>Allow</c>/<c>Deny</c>) and the allowed IPv4 addresses or CIDR ranges.</summary>
public sealed record ArmNetworkRuleSet(string DefaultAction, IReadOnlyList<string> IpRules);
