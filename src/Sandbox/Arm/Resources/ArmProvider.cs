namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>A resource provider namespace: its resource types (any depth) and subscription-scope actions.</summary>
internal sealed class ArmProvider(string ns)
{
    public string Namespace { get; } = ns;

    public List<ArmResourceType> Types { get; } = [];

    public Dictionary<string, ArmSubscriptionAction> SubscriptionActions { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> ApiVersions => Types.SelectMany(t => t.ApiVersions).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);

    public ArmResourceType? Find(ArmResourceType? parent, string segment) =>
        Types.FirstOrDefault(t => t.Parent == parent && string.Equals(t.Segments[^1], segment, StringComparison.OrdinalIgnoreCase));
}
