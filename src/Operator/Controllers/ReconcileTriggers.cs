using AcrOperator.Runtime.Informers;
using k8s;
using k8s.Models;

namespace AcrOperator.Controllers;

/// <summary>
/// Which watch events deserve a reconcile. Status-only updates do not: they are the operator's own writes, and
/// reacting to them would turn every status write into another pass (and another round of ARM reads). Nor does a
/// finalizer being added: that is mostly the operator's own first write, made while the pass that wrote it is still
/// running, and the extra pass it caused read Azure again for nothing. A finalizer taken away does count, so the
/// operator's is put back at once.
/// </summary>
public static class ReconcileTriggers
{
    public static bool ShouldReconcile<T>(ResourceEvent<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Type != ResourceEventType.Updated || change.Previous is null)
        {
            return true;
        }

        var before = change.Previous.Metadata;
        var after = change.Current.Metadata;
        return before.Generation != after.Generation
            || before.DeletionTimestamp != after.DeletionTimestamp
            || !SameMap(before.Annotations, after.Annotations)
            || !SameMap(before.Labels, after.Labels)
            || (before.Finalizers ?? []).Except(after.Finalizers ?? [], StringComparer.Ordinal).Any();
    }

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var value) && string.Equals(value, e.Value, StringComparison.Ordinal));
    }
}
