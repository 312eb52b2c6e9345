using System.Text;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Controllers;

/// <summary>
/// Reads a Webhook's service URI and custom headers from the Secrets its spec names, in its own namespace, on every
/// pass, and keeps a metadata-only watch on each of those Secrets (<see cref="ReferencedObjectWatches"/>) while the
/// Webhook refers to it, so a changed, created or deleted Secret reconciles the Webhook at once. No Secret is cached,
/// and none but the referenced ones is watched: the values live only for the pass that sends or compares them.
/// </summary>
public sealed class WebhookSecrets
{
    /// <summary>Condition reason: a Secret the spec names does not exist.</summary>
    public const string SecretNotFound = "SecretNotFound";

    /// <summary>Condition reason: the Secret lacks the key, or its value is not usable.</summary>
    public const string InvalidSecret = "InvalidSecret";

    private readonly KubeApiClient _kube;
    private readonly ReferencedObjectWatches _watches;

    public WebhookSecrets(KubeApiClient kube, ReferencedObjectWatches watches)
    {
        _kube = kube ?? throw new ArgumentNullException(nameof(kube));
        _watches = watches ?? throw new ArgumentNullException(nameof(watches));
    }

    public async Task<WebhookCallback> ReadAsync(Webhook webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        var ns = webhook.Metadata.NamespaceProperty;
        var uriRef = webhook.Spec.ServiceUriSecretRef;
        var uriSecret = await GetAsync(ns, uriRef.Name, cancellationToken);
        var headersRef = webhook.Spec.CustomHeadersSecretRef;
        var headersSecret = headersRef is null ? null : await GetAsync(ns, headersRef.Name, cancellationToken);
        var read = new Dictionary<ObjectKey, string?> { [new ObjectKey(ns, uriRef.Name)] = uriSecret?.Metadata.ResourceVersion };
        if (headersRef is not null)
        {
            read[new ObjectKey(ns, headersRef.Name)] = headersSecret?.Metadata.ResourceVersion;
        }

        // Watched even when missing: GitOps may apply the Secret after the Webhook, and its creation wakes the Webhook.
        _watches.Track(ObjectKey.Of(webhook), read);
        if (uriSecret is null)
        {
            return WebhookCallback.Failed(SecretNotFound, $"Secret {ns}/{uriRef.Name} (spec.serviceUriSecretRef) does not exist; create it with the key {uriRef.Key} holding the URI Azure calls.");
        }

        var uri = Value(uriSecret, uriRef.Key);
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

        var headers = (headersSecret?.Data ?? new Dictionary<string, byte[]>()).Keys.ToDictionary(name => name, name => Value(headersSecret!, name)!, StringComparer.Ordinal);
        return WebhookCallback.Read(new ArmWebhookCallbackConfig(uri, headers));
    }

    /// <summary>The Webhook is gone: its Secrets are no longer watched on its account.</summary>
    public void Forget(ObjectKey webhook) => _watches.Forget(webhook);

    private Task<V1Secret?> GetAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        _kube.GetAsync<V1Secret>(ResourceType.Secrets, @namespace, name, cancellationToken);

    // A trailing newline is what `echo ... | base64` leaves; neither URIs nor header values end in one.
    private static string? Value(V1Secret secret, string key) =>
        secret.Data?.TryGetValue(key, out var bytes) == true && bytes is not null ? Encoding.UTF8.GetString(bytes).TrimEnd('\r', '\n') : null;
}
