using System.Text.Json.Nodes;

namespace AcrOperator.Azure;

/// <summary>
/// An ACR task as ARM reports it. <see cref="Properties"/> is the task's <c>properties</c> object as sent back: from
/// GET without secret values, from listDetails with them. The task's shape (a polymorphic step, triggers merged by
/// name, credentials keyed by login server) is compared as JSON against the one the spec asks for
/// (<c>BuildTaskSpecMapper</c>), so a field Azure adds is never mistaken for drift.
/// </summary>
public sealed record ArmTask : IArmProvisioned
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Location { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public string? ProvisioningState { get; init; }

    /// <summary><c>status</c>: Enabled or Disabled.</summary>
    public bool Enabled { get; init; } = true;

    public JsonObject Properties { get; init; } = [];
}
