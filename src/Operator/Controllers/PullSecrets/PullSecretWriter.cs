using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// Writes and deletes pull Secrets, only the operator's own: a Secret is changed or deleted only if it carries the
/// managed-by label and this Registry's UID, and only against the version the pass saw. Updates are merge patches of
/// the data in place (never delete-then-create, so a kubelet never finds the Secret missing). Each write is recorded in
/// <see cref="Expectations"/> so a pass that runs before the watch event does not write it again.
/// </summary>
public sealed class PullSecretWriter
{
    private readonly KubeApiClient _client;

    public PullSecretWriter(KubeApiClient client, WriteExpectations<byte[]> expectations)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        Expectations = expectations ?? throw new ArgumentNullException(nameof(expectations));
    }

    /// <summary>Secret writes not yet seen by the cache; the state is the <c>.dockerconfigjson</c> written.</summary>
    public WriteExpectations<byte[]> Expectations { get; }

    /// <summary>The view a pass should use for this Secret: the cached one, or the write the cache does not show yet.</summary>
    public SecretView? Current(SecretView? cached, string registryUid, string @namespace, string name, string credentialLabel)
    {
        if (!Expectations.TryGetPending(new ObjectKey(@namespace, name), out var pending))
        {
            return cached;
        }

        return pending.Deleted ? null : new SecretView(@namespace, name, cached?.Uid, pending.ResourceVersion, registryUid, pending.State, credentialLabel);
    }

    /// <summary>Makes the namespace's Secret hold <paramref name="dockerConfig"/>; a foreign Secret met on the way is returned for reporting.</summary>
    public async Task<(SecretWriteResult Result, V1Secret? Foreign)> EnsureAsync(
        Registry registry,
        string @namespace,
        string name,
        byte[] dockerConfig,
        string credentialLabel,
        SecretView? current,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var uid = registry.Metadata.Uid;
        if (current is null)
        {
            try
            {
                var created = await _client.CreateAsync(ResourceType.Secrets, @namespace, NewSecret(registry, @namespace, name, dockerConfig, credentialLabel), cancellationToken);
                Expectations.ExpectWritten(new ObjectKey(@namespace, name), created.Metadata.ResourceVersion, dockerConfig);
                return (SecretWriteResult.Created, null);
            }
            catch (KubeApiException e) when (e.IsNamespaceUnavailable)
            {
                return (SecretWriteResult.NamespaceUnavailable, null);
            }
            catch (KubeApiException e) when (e.IsAlreadyExists)
            {
                // Not in the cache under our label: someone else's, unless the cache is just behind.
                var existing = await _client.GetAsync<V1Secret>(ResourceType.Secrets, @namespace, name, cancellationToken);
                if (existing is null)
                {
                    return (SecretWriteResult.Stale, null);
                }

                current = SecretView.Of(existing);
                if (!current.IsOwnedBy(uid))
                {
                    return (SecretWriteResult.Conflict, existing);
                }
            }
        }

        if (!current.IsOwnedBy(uid))
        {
            return (SecretWriteResult.Conflict, null);
        }

        if (current.Holds(dockerConfig) && current.CredentialLabel == credentialLabel)
        {
            return (SecretWriteResult.Unchanged, null);
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                // Guarded: a Secret relabelled as someone else's since the pass read it must not be overwritten.
                ["resourceVersion"] = current.ResourceVersion,
                ["annotations"] = new JsonObject { [AnnotationNames.Credential] = credentialLabel },
            },
            ["data"] = new JsonObject { [PullSecretResources.DockerConfigKey] = Convert.ToBase64String(dockerConfig) },
        };
        try
        {
            var updated = await _client.PatchAsync<V1Secret>(ResourceType.Secrets, @namespace, name, PatchType.Merge, patch.ToJsonString(), cancellationToken);
            Expectations.ExpectWritten(new ObjectKey(@namespace, name), updated.Metadata.ResourceVersion, dockerConfig);
            return (SecretWriteResult.Updated, null);
        }
        catch (KubeApiException e) when (e.IsConflict || e.StatusCode == HttpStatusCode.NotFound)
        {
            return (SecretWriteResult.Stale, null);
        }
    }

    /// <summary>Deletes one of this Registry's Secrets, only the version the pass saw; false when it changed meanwhile.</summary>
    public async Task<bool> DeleteAsync(SecretView secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(secret);
        try
        {
            await _client.DeleteAsync(ResourceType.Secrets, secret.Namespace, secret.Name, new V1Preconditions { Uid = secret.Uid, ResourceVersion = secret.ResourceVersion }, cancellationToken);
            Expectations.ExpectDeleted(new ObjectKey(secret.Namespace, secret.Name));
            return true;
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            return false;
        }
    }

    private static V1Secret NewSecret(Registry registry, string @namespace, string name, byte[] dockerConfig, string credentialLabel) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            Labels = new Dictionary<string, string>
            {
                [LabelNames.ManagedBy] = LabelNames.ManagedByValue,
                [LabelNames.RegistryUid] = registry.Metadata.Uid,
                [LabelNames.Role] = LabelNames.RolePullSecret,
            },
            Annotations = new Dictionary<string, string> { [AnnotationNames.Credential] = credentialLabel },
        },
        Type = PullSecretResources.DockerConfigType,
        Data = new Dictionary<string, byte[]> { [PullSecretResources.DockerConfigKey] = dockerConfig },
    };
}
