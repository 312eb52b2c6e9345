using AcrOperator.Runtime.Kube;

namespace AcrOperator.Runtime.Informers;

/// <summary>Where an informer gets its objects: a consistent list, then a watch from its resourceVersion.</summary>
public interface IListWatchSource<T>
    where T : class
{
    Task<ListSnapshot<T>> ListAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<WatchNotification<T>> WatchAsync(string resourceVersion, CancellationToken cancellationToken);
}
