namespace AcrOperator.Azure;

/// <summary>
/// What a webhook calls: the service URI and the custom headers, both secret (they often carry tokens).
/// <see cref="ToString"/> never shows them.
/// </summary>
public sealed class ArmWebhookCallbackConfig(string serviceUri, IReadOnlyDictionary<string, string> customHeaders)
{
    public string ServiceUri { get; } = serviceUri;

    public IReadOnlyDictionary<string, string> CustomHeaders { get; } = customHeaders;

    public override string ToString() => $"serviceUri ***, {CustomHeaders.Count} custom headers";
}
