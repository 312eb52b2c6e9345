namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>All resources of all subscriptions, keyed by upper-cased id. Callers hold <see cref="Gate"/>.</summary>
internal sealed class ArmStore
{
    private readonly Dictionary<string, StoredResource> resources = new(StringComparer.Ordinal);

    public Lock Gate { get; } = new();

    public StoredResource? Get(ArmAddress address) => resources.GetValueOrDefault(address.Key);

    public void Put(StoredResource resource) => resources[resource.Address.Key] = resource;

    /// <summary>Removes a resource and everything nested under it (children, or a group's contents).</summary>
    public void RemoveTree(ArmAddress address)
    {
        var prefix = address.Key + "/";
        foreach (var key in resources.Keys.Where(k => k == address.Key || k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            resources.Remove(key);
        }
    }

    public IEnumerable<StoredResource> OfType(ArmResourceType type) => resources.Values.Where(r => r.Type == type);

    public IEnumerable<StoredResource> Children(ArmAddress parent, ArmResourceType type) =>
        OfType(type).Where(r => r.Address.Parent?.Key == parent.Key);

    public IEnumerable<StoredResource> Under(ArmAddress address)
    {
        var prefix = address.Key + "/";
        return resources.Values.Where(r => r.Address.Key.StartsWith(prefix, StringComparison.Ordinal));
    }
}
