using System.Text;

namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>
/// Where a resource lives: subscription, resource group, type and the names along the type chain
/// (<c>registries/{r}/replications/{n}</c>). Ids use the canonical type casing and the names as given.
/// </summary>
internal sealed class ArmAddress
{
    public ArmAddress(string subscriptionId, string resourceGroup, ArmResourceType type, IReadOnlyList<string> names)
    {
        SubscriptionId = subscriptionId;
        ResourceGroup = resourceGroup;
        Type = type;
        Names = names;
        Id = BuildId();
        Key = Id.ToUpperInvariant();
    }

    public string SubscriptionId { get; }

    public string ResourceGroup { get; }

    public ArmResourceType Type { get; }

    public IReadOnlyList<string> Names { get; }

    public string Name => Names[^1];

    public string Id { get; }

    /// <summary>The case-insensitive identity: ARM compares ids ignoring case.</summary>
    public string Key { get; }

    public string ResourceGroupId => $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}";

    /// <summary>The parent resource, or the resource group for a top-level resource, or null for a resource group.</summary>
    public ArmAddress? Parent => Type.Parent switch
    {
        null when Type.IsResourceGroup => null,
        null => new ArmAddress(SubscriptionId, ResourceGroup, ArmResourceType.ResourceGroups, [ResourceGroup]),
        var parent => new ArmAddress(SubscriptionId, ResourceGroup, parent, Names.Take(Names.Count - 1).ToArray()),
    };

    public ArmAddress Child(ArmResourceType type, string name) => new(SubscriptionId, ResourceGroup, type, [.. Names, name]);

    private string BuildId()
    {
        if (Type.IsResourceGroup)
        {
            return $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}";
        }

        var id = new StringBuilder($"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/{Type.Namespace}");
        for (var i = 0; i < Names.Count; i++)
        {
            id.Append('/').Append(Type.Segments[i]).Append('/').Append(Names[i]);
        }

        return id.ToString();
    }
}
