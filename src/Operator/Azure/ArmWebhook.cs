namespace AcrOperator.Azure;

/// <summary>
/// A webhook as ARM's GET reports it. Its service URI and custom headers are not here: ARM never returns them on
/// GET, only from getCallbackConfig (<see cref="ArmWebhookCallbackConfig"/>).
/// </summary>
public sealed record ArmWebhook : IArmProvisioned
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Location { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public string? ProvisioningState { get; init; }

    /// <summary><c>status</c>: enabled or disabled.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Empty means every repository.</summary>
    public string Scope { get; init; } = "";

    /// <summary><c>push</c>, <c>delete</c>, <c>quarantine</c>, <c>chart_push</c>, <c>chart_delete</c>.</summary>
    public IReadOnlyList<string> Actions { get; init; } = [];
}
