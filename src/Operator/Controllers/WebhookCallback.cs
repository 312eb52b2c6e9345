using AcrOperator.Azure;

namespace AcrOperator.Controllers;

/// <summary>
/// A Webhook's callback as its Secrets give it (<see cref="Config"/>), or why they do not: a condition reason and a
/// message naming the Secret and key, never a value.
/// </summary>
public sealed record WebhookCallback(ArmWebhookCallbackConfig? Config, string Reason, string Message)
{
    public static WebhookCallback Read(ArmWebhookCallbackConfig config) => new(config, "", "");

    public static WebhookCallback Failed(string reason, string message) => new(null, reason, message);

    /// <summary>The secret values in it, for a pass to mask wherever Azure might echo them.</summary>
    public IEnumerable<string> Secrets => Config is null ? [] : Config.CustomHeaders.Values.Prepend(Config.ServiceUri);
}
