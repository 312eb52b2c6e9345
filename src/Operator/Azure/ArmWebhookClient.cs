namespace AcrOperator.Azure;

/// <summary>A registry's webhooks: the child lifecycle, getCallbackConfig and ping. Neither action's body is ever logged.</summary>
internal sealed class ArmWebhookClient(ArmClient arm)
    : ArmRegistryChildClient<ArmWebhook, ArmWebhookDefinition, ArmWebhookUpdate>(arm, ArmRegistryChildId.Webhooks, ArmWebhookJson.Read, ArmWebhookJson.WriteCreate, ArmWebhookJson.WriteUpdate),
      IArmWebhookClient
{
    public Task<ArmWebhookCallbackConfig> GetCallbackConfigAsync(ArmRegistryChildId id, CancellationToken cancellationToken) =>
        ActionAsync(id, "getCallbackConfig", ArmWebhookJson.ReadCallbackConfig, cancellationToken);

    public Task<string> PingAsync(ArmRegistryChildId id, CancellationToken cancellationToken) =>
        ActionAsync(id, "ping", ArmWebhookJson.ReadEventId, cancellationToken);
}
