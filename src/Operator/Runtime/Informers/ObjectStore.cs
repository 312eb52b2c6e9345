using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace AcrOperator.Runtime.Informers;

/// <summary>The informer's cache: the latest seen version of each object, read by reconcilers.</summary>
public sealed class ObjectStore<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ConcurrentDictionary<ObjectKey, T> _objects = new();

    public int Count => _objects.Count;

    public T? Get(ObjectKey key) => _objects.TryGetValue(key, out var obj) ? obj : null;

    public IReadOnlyList<T> List(string? @namespace = null)
        => [.. _objects.Values.Where(o => @namespace is null || o.Metadata.NamespaceProperty == @namespace)];

    public IReadOnlyList<T> List(Func<T, bool> predicate) => [.. _objects.Values.Where(predicate)];

    internal void Set(T obj) => _objects[ObjectKey.Of(obj)] = obj;

    internal bool Remove(ObjectKey key, out T? removed) => _objects.TryRemove(key, out removed);

    internal IReadOnlyCollection<ObjectKey> Keys => [.. _objects.Keys];
}
