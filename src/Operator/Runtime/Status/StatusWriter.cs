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
/// <remarks>
/// Several controllers may write one object's status (the Registry's and the pull-secret controller share
/// <c>status.conditions</c>, each setting its own types). A merge patch replaces an array whole, so a patch that holds
/// one is sent only against the resourceVersion it was computed from; on 409 the writer reads the object again and
/// re-applies its own changes to what is there now: other fields through the merge patch, and conditions by type
/// (three-way: only the types this write changed are set or removed), so another writer's conditions survive. Server-side
/// apply would do the same with field managers, but only if every writer sent just its own fields, which a status
/// built as a whole copy of the cached one does not.
/// </remarks>
public sealed class StatusWriter
{
    private const int MaxAttempts = 5;
    private const string ConditionsMember = "conditions";
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

        var resourceVersion = current.Metadata.ResourceVersion;
        for (var attempt = 1; ; attempt++)
        {
            var guarded = JsonMergePatch.ReplacesAnArray(diff);
            var patch = new JsonObject { ["status"] = diff };
            if (guarded)
            {
                patch["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion };
            }

            try
            {
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
            catch (KubeApiException e) when (e.IsConflict && guarded && attempt < MaxAttempts)
            {
                var fresh = await _client.GetAsync<TResource>(type, current.Metadata.NamespaceProperty, current.Metadata.Name, cancellationToken).ConfigureAwait(false);
                if (fresh is null)
                {
                    throw;
                }

                var freshStatus = ToNode(fresh.Status);
                if (!JsonMergePatch.TryCreate(freshStatus, Rebase(freshStatus, before, after), out diff))
                {
                    // Someone already wrote what this write wanted.
                    return false;
                }

                resourceVersion = fresh.Metadata.ResourceVersion;
            }
        }
    }

    /// <summary>The status <paramref name="fresh"/> becomes with this write's changes (from <paramref name="before"/> to <paramref name="after"/>) applied.</summary>
    internal static JsonNode? Rebase(JsonNode? fresh, JsonNode? before, JsonNode? after)
    {
        if (!JsonMergePatch.TryCreate(before, after, out var ours))
        {
            return fresh?.DeepClone();
        }

        var conditionsChanged = ours is JsonObject o && o.Remove(ConditionsMember);
        var result = JsonMergePatch.Apply(fresh, ours) as JsonObject ?? [];
        if (conditionsChanged)
        {
            result[ConditionsMember] = MergeConditions(fresh?[ConditionsMember] as JsonArray, before?[ConditionsMember] as JsonArray, after?[ConditionsMember] as JsonArray);
        }

        return result;
    }

    /// <summary>The fresh list with each condition type this write changed set (or removed) as the write wants it.</summary>
    private static JsonArray MergeConditions(JsonArray? fresh, JsonArray? before, JsonArray? after)
    {
        var result = new List<JsonNode>((fresh ?? []).Where(c => c is not null).Select(c => c!.DeepClone()));
        var types = (before ?? []).Concat(after ?? []).Select(TypeOf).OfType<string>().Distinct(StringComparer.Ordinal);
        foreach (var type in types)
        {
            var was = Find(before, type);
            var wanted = Find(after, type);
            if (JsonNode.DeepEquals(was, wanted))
            {
                continue;
            }

            var index = result.FindIndex(c => TypeOf(c) == type);
            if (wanted is null)
            {
                if (index >= 0)
                {
                    result.RemoveAt(index);
                }
            }
            else if (index >= 0)
            {
                result[index] = wanted.DeepClone();
            }
            else
            {
                result.Add(wanted.DeepClone());
            }
        }

        return new JsonArray([.. result]);
    }

    private static JsonNode? Find(JsonArray? conditions, string type) => conditions?.FirstOrDefault(c => TypeOf(c) == type);

    private static string? TypeOf(JsonNode? condition) => condition is JsonObject o && o["type"] is JsonValue v && v.TryGetValue<string>(out var type) ? type : null;

    private static JsonNode? ToNode<TStatus>(TStatus status)
        => status is null ? null : JsonNode.Parse(KubernetesJson.Serialize(status));
}
