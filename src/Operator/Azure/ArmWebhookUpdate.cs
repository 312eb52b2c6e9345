namespace AcrOperator.Azure;

/// <summary>
/// A webhook PATCH (WebhookUpdateParameters): only non-null members are sent, so the reconciler sends exactly the
/// fields that differ. The callback goes whole (URI and headers) when either differs: ARM replaces the headers as a
/// map. <see cref="ToString"/> never shows the callback, which is secret.
/// </summary>
public sealed record ArmWebhookUpdate
{
    public ArmWebhookCallbackConfig? Callback { get; init; }

    public IReadOnlyList<string>? Actions { get; init; }

    /// <summary>Replaces all tags when set (ARM PATCH semantics for <c>tags</c>).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public bool? Enabled { get; init; }

    public string? Scope { get; init; }

    /// <summary>Whether nothing would be sent.</summary>
    public bool IsEmpty => this == new ArmWebhookUpdate();
}
