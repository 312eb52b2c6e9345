using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;

namespace AcrOperator.Controllers;

/// <summary>
/// Reads a Webhook's service URI and custom headers from the Secrets its spec names, in its own namespace, on every
/// pass, watching those Secrets while the Webhook names them (<see cref="ReferencedSecrets"/>): no Secret is cached,
/// and none but the referenced ones is watched.
/// </summary>
public sealed class WebhookSecrets
{
    /// <summary>Condition reason: a Secret the spec names does not exist.</summary>
    public const string SecretNotFound = ReferencedSecrets.SecretNotFound;

    /// <summary>Condition reason: the Secret lacks the key, or its value is not usable.</summary>
    public const string InvalidSecret = ReferencedSecrets.InvalidSecret;

    private readonly ReferencedSecrets _secrets;

    public WebhookSecrets(KubeApiClient kube, ReferencedObjectWatches watches) => _secrets = new ReferencedSecrets(kube, watches);

    public async Task<WebhookCallback> ReadAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var ns = webhook.Metadata.NamespaceProperty;
        var uriRef = webhook.Spec.ServiceUriSecretRef;
        var headersRef = webhook.Spec.CustomHeadersSecretRef;
        var read = await _secrets.ReadAsync(ObjectKey.Of(webhook), headersRef is null ? [uriRef.Name] : [uriRef.Name, headersRef.Name], cancellationToken);
        var uriSecret = read[uriRef.Name];
        var headersSecret = headersRef is null ? null : read[headersRef.Name];
        if (uriSecret is null)
        {
            return WebhookCallback.Failed(SecretNotFound, $"Secret {ns}/{uriRef.Name} (spec.serviceUriSecretRef) does not exist; create it with the key {uriRef.Key} holding the URI Azure calls.");
        }

        var uri = ReferencedSecrets.Value(uriSecret, uriRef.Key);
        if (string.IsNullOrWhiteSpace(uri))
        {
            return WebhookCallback.Failed(InvalidSecret, $"Secret {ns}/{uriRef.Name} (spec.serviceUriSecretRef) has no key {uriRef.Key}, or it is empty; put the URI Azure calls there.");
        }

        if (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            // The value may carry a token: the message says what is wrong, never what is there.
            return WebhookCallback.Failed(InvalidSecret, $"Secret {ns}/{uriRef.Name} key {uriRef.Key} (spec.serviceUriSecretRef) is not an absolute http or https URI; fix its value.");
        }

        if (headersRef is not null && headersSecret is null)
        {
            return WebhookCallback.Failed(SecretNotFound, $"Secret {ns}/{headersRef.Name} (spec.customHeadersSecretRef) does not exist; create it with one key per header, or remove customHeadersSecretRef.");
        }

        var headers = (headersSecret?.Data ?? new Dictionary<string, byte[]>()).Keys.ToDictionary(name => name, name => ReferencedSecrets.Value(headersSecret!, name)!, StringComparer.Ordinal);
        return WebhookCallback.Read(new ArmWebhookCallbackConfig(uri, headers));
    }

    /// <summary>The Webhook is gone: its Secrets are no longer watched on its account.</summary>
    public void Forget(ObjectKey webhook) => _secrets.Forget(webhook);
}
