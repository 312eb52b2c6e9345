using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace AcrOperator.Runtime.Informers;

/// <summary>
/// The informer's cache: the latest seen version of each object. Reads return deep copies, as
/// controller-runtime's cache does, so a reconciler that edits what it read cannot corrupt the cache or
/// hide its own change from a later comparison against it.
/// </summary>
public sealed class ObjectStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, T> _objects = new();

    public int Count => _objects.Count;

    public T? Get(ObjectKey key) => _objects.TryGetValue(key, out var obj) ? KubeObjects.DeepCopy(obj) : null;

    public IReadOnlyList<T> List(string? @namespace = null)
        => List(o => @namespace is null || o.Metadata.NamespaceProperty == @namespace);

    /// <summary>Copies of the objects matching <paramref name="predicate"/>, which sees the cached objects and must not change them.</summary>
    public IReadOnlyList<T> List(Func<T, bool> predicate) => [.. _objects.Values.Where(predicate).Select(KubeObjects.DeepCopy)];

    /// <summary>
    /// Projects the objects matching <paramref name="predicate"/> without copying them whole: for hot paths that read
    /// a few fields of many objects. Both functions see the cached objects; they must not change them, and the
    /// projection must copy whatever mutable part (a dictionary, an array) it keeps.
    /// </summary>
    public IReadOnlyList<TResult> Select<TResult>(Func<T, bool> predicate, Func<T, TResult> projection)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        ArgumentNullException.ThrowIfNull(projection);
        return [.. _objects.Values.Where(predicate).Select(projection)];
    }

    /// <summary>The cached object itself, for the informer's own comparisons.</summary>
    internal T? Peek(ObjectKey key) => _objects.TryGetValue(key, out var obj) ? obj : null;

    internal void Set(T obj) => _objects[ObjectKey.Of(obj)] = obj;

    internal bool Remove(ObjectKey key, out T? removed) => _objects.TryRemove(key, out removed);

    internal IReadOnlyCollection<ObjectKey> Keys => [.. _objects.Keys];
}
