using System.Text.Json.Nodes;
using AcrOperator.Runtime.Kube;
using k8s;
using k8s.Models;

namespace AcrOperator.Runtime;

/// <summary>
/// Adds and removes one finalizer with a merge patch guarded by the object's resourceVersion, so a
/// finalizer another controller added meanwhile is never lost (the stale write gets 409 and is retried).
/// </summary>
public sealed class Finalizers
{
    private readonly KubeApiClient _client;

    public Finalizers(KubeApiClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    public static bool Has(IMetadata<V1ObjectMeta> obj, string finalizer)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Metadata.Finalizers?.Contains(finalizer, StringComparer.Ordinal) == true;
    }

    /// <summary>Adds the finalizer if missing; returns whether a write was sent.</summary>
    public async Task<bool> AddAsync<T>(ResourceType type, T obj, string finalizer, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (Has(obj, finalizer))
        {
            return false;
        }

        var list = (obj.Metadata.Finalizers ?? []).Append(finalizer);
        await PatchAsync(type, obj, list, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Removes the finalizer if present; returns whether a write was sent.</summary>
    public async Task<bool> RemoveAsync<T>(ResourceType type, T obj, string finalizer, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!Has(obj, finalizer))
        {
            return false;
        }

        var list = obj.Metadata.Finalizers!.Where(f => !string.Equals(f, finalizer, StringComparison.Ordinal));
        await PatchAsync(type, obj, list, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private Task<T> PatchAsync<T>(ResourceType type, T obj, IEnumerable<string> finalizers, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]),
                ["resourceVersion"] = obj.Metadata.ResourceVersion,
            },
        };
        return _client.PatchAsync<T>(type, obj.Metadata.NamespaceProperty, obj.Metadata.Name, PatchType.Merge, patch.ToJsonString(), cancellationToken);
    }
}
