using System.Diagnostics.CodeAnalysis;

namespace AcrOperator.Azure;

/// <summary>Where a registry's child resource lives (a replication, webhook, task or run); <see cref="ResourceId"/> is its ARM id.</summary>
/// <param name="Collection"><see cref="Replications"/>, <see cref="Webhooks"/>, <see cref="Tasks"/> or <see cref="Runs"/>.</param>
public sealed record ArmRegistryChildId(ArmRegistryId Registry, string Collection, string Name)
{
    public const string Replications = "replications";
    public const string Webhooks = "webhooks";
    public const string Tasks = "tasks";
    public const string Runs = "runs";

    public string ResourceId => $"{Registry.ResourceId}/{Collection}/{Name}";

    /// <summary>Reads an id of the form <see cref="ResourceId"/> whose collection is <paramref name="collection"/> (any casing, as ARM returns ids).</summary>
    public static bool TryParse(string? resourceId, string collection, [NotNullWhen(true)] out ArmRegistryChildId? id)
    {
        id = null;
        var parts = resourceId?.TrimEnd('/').Split('/') ?? [];
        if (parts.Length < 3
            || !parts[^2].Equals(collection, StringComparison.OrdinalIgnoreCase)
            || !ArmRegistryId.TryParse(string.Join('/', parts[..^2]), out var registry))
        {
            return false;
        }

        id = new ArmRegistryChildId(registry, collection, parts[^1]);
        return true;
    }

    public override string ToString() => ResourceId;
}
