namespace AcrOperator.Azure;

/// <summary>A registry's webhooks: the common lifecycle, and the two actions only webhooks have.</summary>
public interface IArmWebhookClient : IArmRegistryChildClient<ArmWebhook, ArmWebhookDefinition, ArmWebhookUpdate>
{
    /// <summary>The URI and headers the webhook calls, which GET never returns (a POST that changes nothing).</summary>
    Task<ArmWebhookCallbackConfig> GetCallbackConfigAsync(ArmRegistryChildId id, CancellationToken cancellationToken);

    /// <summary>Sends a ping event to the webhook's endpoint; returns the event's id.</summary>
    Task<string> PingAsync(ArmRegistryChildId id, CancellationToken cancellationToken);
}
