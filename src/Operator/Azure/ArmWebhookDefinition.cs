namespace AcrOperator.Azure;

/// <summary>
/// The body of a webhook create (PUT, WebhookCreateParameters). A null member is not sent, so Azure applies its
/// default. <see cref="ToString"/> never shows the callback, which is secret.
/// </summary>
public sealed record ArmWebhookDefinition
{
    /// <summary>The registry's location: a webhook lives with its registry.</summary>
    public required string Location { get; init; }

    public required ArmWebhookCallbackConfig Callback { get; init; }

    public required IReadOnlyList<string> Actions { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public bool? Enabled { get; init; }

    public string? Scope { get; init; }
}
