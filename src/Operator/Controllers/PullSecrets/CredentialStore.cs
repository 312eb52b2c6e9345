using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// The write-ahead record of a Registry's credential: one Opaque Secret in the Registry's namespace, owned by it
/// (ownerReference, so it goes with the Registry even if the finalizer is forced off). A new credential is written
/// here before any pull Secret gets it, so a restart at any point resumes the same fan-out: it never issues a second
/// token, and never regenerates the password slot the pull Secrets still hold.
/// </summary>
public sealed class CredentialStore
{
    /// <summary>Every key <see cref="PullCredential.ToSecretData"/> may write; the ones a credential lacks are removed.</summary>
    private static readonly string[] KnownKeys = ["mode", "loginServer", "username", "password", "slot", "issuedAt", "expiresAt", "rotationRequest", "retiredToken"];

    private readonly ObjectStore<V1Secret> _secrets;
    private readonly KubeApiClient _client;

    public CredentialStore(ObjectStore<V1Secret> secrets, KubeApiClient client, WriteExpectations<PullCredential> expectations)
    {
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
        _client = client ?? throw new ArgumentNullException(nameof(client));
        Expectations = expectations ?? throw new ArgumentNullException(nameof(expectations));
    }

    public WriteExpectations<PullCredential> Expectations { get; }

    /// <summary>The stored credential: the write the cache does not show yet, else the cached Secret; null when there is none.</summary>
    public StoredCredential? Read(Registry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var key = KeyOf(registry);
        if (Expectations.TryGetPending(key, out var pending))
        {
            return pending.Deleted ? null : new StoredCredential(pending.State, pending.ResourceVersion);
        }

        var secret = _secrets.Get(key);
        if (secret is null || secret.Metadata.Labels?.TryGetValue(LabelNames.RegistryUid, out var uid) != true || uid != registry.Metadata.Uid)
        {
            return null;
        }

        return new StoredCredential(PullCredential.FromSecretData(secret.Data), secret.Metadata.ResourceVersion);
    }

    /// <summary>Stores <paramref name="credential"/>, replacing <paramref name="existing"/> only at the version read (409 otherwise).</summary>
    public async Task WriteAsync(Registry registry, PullCredential credential, StoredCredential? existing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(credential);
        var key = KeyOf(registry);
        var data = credential.ToSecretData();
        V1Secret written;
        if (existing is null)
        {
            written = await _client.CreateAsync(ResourceType.Secrets, key.Namespace, NewSecret(registry, key.Name, data), cancellationToken);
        }
        else
        {
            var dataPatch = new JsonObject();
            foreach (var name in KnownKeys.Where(k => !data.ContainsKey(k)))
            {
                dataPatch[name] = null;
            }

            foreach (var (name, value) in data)
            {
                dataPatch[name] = Convert.ToBase64String(value);
            }

            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = existing.ResourceVersion },
                ["data"] = dataPatch,
            };
            written = await _client.PatchAsync<V1Secret>(ResourceType.Secrets, key.Namespace, key.Name, PatchType.Merge, patch.ToJsonString(), cancellationToken);
        }

        Expectations.ExpectWritten(key, written.Metadata.ResourceVersion, credential);
    }

    public async Task DeleteAsync(Registry registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var key = KeyOf(registry);
        await _client.DeleteAsync(ResourceType.Secrets, key.Namespace, key.Name, cancellationToken);
        Expectations.ExpectDeleted(key);
    }

    private static ObjectKey KeyOf(Registry registry) =>
        new(registry.Metadata.NamespaceProperty, PullSecretResources.CredentialSecretName(registry.Metadata.Uid));

    private static V1Secret NewSecret(Registry registry, string name, IDictionary<string, byte[]> data) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = registry.Metadata.NamespaceProperty,
            Labels = new Dictionary<string, string>
            {
                [LabelNames.ManagedBy] = LabelNames.ManagedByValue,
                [LabelNames.RegistryUid] = registry.Metadata.Uid,
                [LabelNames.Role] = LabelNames.RolePullCredential,
            },
            OwnerReferences =
            [
                new V1OwnerReference
                {
                    ApiVersion = registry.ApiVersion,
                    Kind = registry.Kind,
                    Name = registry.Metadata.Name,
                    Uid = registry.Metadata.Uid,
                    Controller = true,
                },
            ],
        },
        Type = "Opaque",
        Data = data,
    };
}
