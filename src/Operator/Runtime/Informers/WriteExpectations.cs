using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace AcrOperator.Runtime.Informers;

/// <summary>
/// Writes a controller made that its informer has not shown yet, as controller-runtime's expectations: between a
/// write and its watch event the cache still holds the old object, and a reconcile that trusted it would write again
/// (a second create, a stale update refused with 409). The controller records each write with the state it wrote;
/// the informer's handler clears the record when the cache reaches that version (watch events arrive in order, so
/// any later change is seen after it); a record the cache never confirms (a relist skipped it) lapses after a timeout.
/// </summary>
public sealed class WriteExpectations<TState>
{
    private readonly ConcurrentDictionary<ObjectKey, PendingWrite<TState>> _pending = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;

    public WriteExpectations(TimeProvider time, TimeSpan timeout)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _timeout = timeout;
    }

    public int Count => _pending.Count;

    /// <summary>The object now has <paramref name="resourceVersion"/> and holds <paramref name="state"/>.</summary>
    public void ExpectWritten(ObjectKey key, string? resourceVersion, TState state) =>
        _pending[key] = new PendingWrite<TState>(Deleted: false, resourceVersion, state, _time.GetTimestamp());

    public void ExpectDeleted(ObjectKey key) =>
        _pending[key] = new PendingWrite<TState>(Deleted: true, null, default, _time.GetTimestamp());

    /// <summary>
    /// Call from the informer's handler: clears the record of a write the cache now shows. Returns true when the
    /// event is that write coming back, which needs no reconcile of its own.
    /// </summary>
    public bool Observe<T>(ResourceEvent<T> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(change);
        var key = ObjectKey.Of(change.Current);
        if (!_pending.TryGetValue(key, out var pending))
        {
            return false;
        }

        var confirmed = pending.Deleted
            ? change.Type == ResourceEventType.Deleted
            : change.Type != ResourceEventType.Deleted && string.Equals(change.Current.Metadata.ResourceVersion, pending.ResourceVersion, StringComparison.Ordinal);
        return confirmed && _pending.TryRemove(new KeyValuePair<ObjectKey, PendingWrite<TState>>(key, pending));
    }

    /// <summary>The write to <paramref name="key"/> the cache does not show yet, if any.</summary>
    public bool TryGetPending(ObjectKey key, out PendingWrite<TState> pending)
    {
        if (!_pending.TryGetValue(key, out pending))
        {
            return false;
        }

        if (_time.GetElapsedTime(pending.At) <= _timeout)
        {
            return true;
        }

        _pending.TryRemove(new KeyValuePair<ObjectKey, PendingWrite<TState>>(key, pending));
        return false;
    }

    /// <summary>Drops every record under <paramref name="predicate"/> (the owner is gone).</summary>
    public void Forget(Func<ObjectKey, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        foreach (var key in _pending.Keys.Where(predicate))
        {
            _pending.TryRemove(key, out _);
        }
    }
}
