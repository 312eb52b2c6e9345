using System.Text;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Controllers;

/// <summary>
/// The Secrets a custom resource names, read from the API server on every pass (none is cached) and watched, each on
/// its own and metadata only (<see cref="ReferencedObjectWatches"/>), while the resource names it: a changed, created
/// or deleted Secret reconciles the resource at once. The values live only for the pass that sends or compares them.
/// </summary>
public sealed class ReferencedSecrets
{
    /// <summary>Condition reason: a Secret the spec names does not exist.</summary>
    public const string SecretNotFound = "SecretNotFound";

    /// <summary>Condition reason: the Secret lacks the key, or its value is not usable.</summary>
    public const string InvalidSecret = "InvalidSecret";

    private readonly KubeApiClient _kube;
    private readonly ReferencedObjectWatches _watches;

    public ReferencedSecrets(KubeApiClient kube, ReferencedObjectWatches watches)
    {
        _kube = kube ?? throw new ArgumentNullException(nameof(kube));
        _watches = watches ?? throw new ArgumentNullException(nameof(watches));
    }

    /// <summary>
    /// The Secrets <paramref name="names"/> in <paramref name="owner"/>'s namespace, null for each that does not exist;
    /// from now on exactly these are watched on the owner's account. Missing ones are watched too: GitOps may apply a
    /// Secret after the resource that names it, and its creation wakes the resource.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, V1Secret?>> ReadAsync(ObjectKey owner, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(names);
        var secrets = new Dictionary<string, V1Secret?>(StringComparer.Ordinal);
        foreach (var name in names.Distinct(StringComparer.Ordinal))
        {
            secrets[name] = await _kube.GetAsync<V1Secret>(ResourceType.Secrets, owner.Namespace, name, cancellationToken);
        }

        _watches.Track(owner, secrets.ToDictionary(s => new ObjectKey(owner.Namespace, s.Key), s => s.Value?.Metadata.ResourceVersion));
        return secrets;
    }

    /// <summary>The resource is gone: its Secrets are no longer watched on its account.</summary>
    public void Forget(ObjectKey owner) => _watches.Forget(owner);

    /// <summary>
    /// The value under <paramref name="key"/>, or null. A trailing newline is what <c>echo ... | base64</c> leaves; no
    /// URI, header, token or password ends in one.
    /// </summary>
    public static string? Value(V1Secret secret, string key)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return secret.Data?.TryGetValue(key, out var bytes) == true && bytes is not null ? Encoding.UTF8.GetString(bytes).TrimEnd('\r', '\n') : null;
    }
}
