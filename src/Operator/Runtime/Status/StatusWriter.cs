using System.Text.Json.Nodes;
using AcrOperator.Runtime.Kube;
using k8s;
using k8s.Models;

namespace AcrOperator.Runtime.Status;

/// <summary>
/// Writes a custom resource's status through the <c>/status</c> subresource, and only when it differs
/// from what the cache holds: at steady state a reconcile makes no Kubernetes writes. The write is a
/// merge patch of just the changed fields, so it never conflicts with spec edits made meanwhile.
/// The <c>current</c> object given to <see cref="UpdateAsync"/> is the object as read, unmodified; build the
/// desired status on a copy (<see cref="KubeObjects.DeepCopy{T}"/>).
/// </summary>
public sealed class StatusWriter
{
    private readonly KubeApiClient _client;

    public StatusWriter(KubeApiClient client) => _client = client ?? throw new ArgumentNullException(nameof(client));

    /// <summary>Returns whether a write was sent.</summary>
    public async Task<bool> UpdateAsync<TResource, TStatus>(ResourceType type, TResource current, TStatus desired, CancellationToken cancellationToken)
        where TResource : class, IKubernetesObject<V1ObjectMeta>, IStatus<TStatus>
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(current);
        if (desired is null)
        {
            // Nothing to say; clearing a status is never what a reconciler means.
            return false;
        }

        var before = ToNode(current.Status);
        var after = ToNode(desired);
        if (!JsonMergePatch.TryCreate(before, after, out var diff))
        {
            return false;
        }

        var patch = new JsonObject { ["status"] = diff };
        await _client.PatchAsync<TResource>(
            type,
            current.Metadata.NamespaceProperty,
            current.Metadata.Name,
            PatchType.Merge,
            patch.ToJsonString(),
            cancellationToken,
            subresource: "status").ConfigureAwait(false);
        return true;
    }

    private static JsonNode? ToNode<TStatus>(TStatus status)
        => status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(status));
}
