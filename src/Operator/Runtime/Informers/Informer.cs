using AcrOperator.Runtime.Kube;
using k8s;
using k8s.Models;

namespace AcrOperator.Runtime.Informers;

/// <summary>
/// Keeps an <see cref="ObjectStore{T}"/> in step with the API server, as client-go's reflector does:
/// list, then watch from the list's resourceVersion with bookmarks; when a watch ends or drops, resume
/// from the last version seen; when the server answers 410 Gone, list again after a backoff. Reconnects
/// back off with jitter. Handlers run inline and must be cheap: they map a change to work-queue keys.
/// </summary>
public sealed partial class Informer<T> : Manager.IRunnable, Manager.ISyncable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatchSource<T> _source;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private static readonly TimeSpan MinHealthyWatch = TimeSpan.FromSeconds(1);

    private readonly List<Action<ResourceEvent<T>>> _handlers = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _resourceVersion;

    public Informer(string name, IListWatchSource<T> source, TimeProvider time, ILogger logger, ReconnectBackoff? backoff = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _backoff = backoff ?? new ReconnectBackoff(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(30));
    }

    public string Name { get; }

    public ObjectStore<T> Store { get; } = new();

    /// <summary>True once the first list has filled the store.</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>The resourceVersion a watch would resume from; null before the first list or after a 410.</summary>
    public string? LastResourceVersion => _resourceVersion;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Registers a handler. Register before <see cref="RunAsync"/> so the first list is seen.</summary>
    public void AddHandler(Action<ResourceEvent<T>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(handler);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (_resourceVersion is null)
                {
                    await RelistAsync(cancellationToken).ConfigureAwait(false);
                }

                var started = _time.GetTimestamp();
                var sawEvents = await WatchAsync(_resourceVersion!, cancellationToken).ConfigureAwait(false);

                // A watch that ran its course resumes at once; one that closed instantly and empty, or ended
                // in 410, waits like an error, so a misbehaving server is not hammered with watches or lists.
                if (_resourceVersion is not null && (sawEvents || _time.GetElapsedTime(started) >= MinHealthyWatch))
                {
                    _backoff.Reset();
                    continue;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (KubeApiException ex) when (ex.IsGone || ex.IsResourceVersionTooLarge)
            {
                LogExpired(_logger, Name, _resourceVersion);
                _resourceVersion = null;
            }
#pragma warning disable CA1031 // The informer must outlive any API server or network failure.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogWatchFailed(_logger, Name, _resourceVersion, ex);
            }

            try
            {
                await Task.Delay(_backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task RelistAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _source.ListAsync(cancellationToken).ConfigureAwait(false);
        var seen = new HashSet<ObjectKey>();
        foreach (var item in snapshot.Items)
        {
            seen.Add(ObjectKey.Of(item));
            Apply(WatchEventType.Modified, item);
        }

        // Objects deleted while we weren't watching only show up as missing from the new list.
        foreach (var key in Store.Keys.Where(k => !seen.Contains(k)))
        {
            if (Store.Remove(key, out var removed) && removed is not null)
            {
                Notify(new ResourceEvent<T>(ResourceEventType.Deleted, removed));
            }
        }

        _resourceVersion = snapshot.ResourceVersion;
        LogListed(_logger, Name, snapshot.Items.Count, snapshot.ResourceVersion);
        _synced.TrySetResult();
    }

    /// <returns>Whether the watch delivered anything before it ended.</returns>
    private async Task<bool> WatchAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        var sawEvents = false;
        await foreach (var notification in _source.WatchAsync(resourceVersion, cancellationToken).ConfigureAwait(false))
        {
            sawEvents = true;
            switch (notification.Type)
            {
                case WatchEventType.Bookmark:
                    break;
                case WatchEventType.Error when notification.Status?.Code == 410 || KubeApiException.IsTooLarge(notification.Status):
                    LogExpired(_logger, Name, _resourceVersion);
                    _resourceVersion = null;
                    return true;
                case WatchEventType.Error:
                    throw new KubeApiException(
                        (System.Net.HttpStatusCode)(notification.Status?.Code ?? 500),
                        notification.Status,
                        "WATCH",
                        Name);
                default:
                    Apply(notification.Type, notification.Item!);
                    break;
            }

            if (notification.ResourceVersion is { Length: > 0 } rv)
            {
                _resourceVersion = rv;
            }
        }

        return sawEvents;
    }

    private void Apply(WatchEventType type, T item)
    {
        var key = ObjectKey.Of(item);
        if (type == WatchEventType.Deleted)
        {
            Store.Remove(key, out _);
            Notify(new ResourceEvent<T>(ResourceEventType.Deleted, item));
            return;
        }

        // managedFields are the API server's bookkeeping, often larger than the rest of the object, and no reconciler
        // reads them: dropped from the cache, as controller-runtime's TransformStripManagedFields does.
        item.Metadata.ManagedFields = null;
        var previous = Store.Peek(key);
        Store.Set(item);
        if (previous is null)
        {
            Notify(new ResourceEvent<T>(ResourceEventType.Added, item));
        }
        else if (previous.Metadata.ResourceVersion != item.Metadata.ResourceVersion)
        {
            // A relist returns unchanged objects too; only a new resourceVersion is a change.
            Notify(new ResourceEvent<T>(ResourceEventType.Updated, item, previous));
        }
    }

    private void Notify(ResourceEvent<T> change)
    {
        foreach (var handler in _handlers)
        {
            // The store already holds the change; a handler that throws must not make the informer replay
            // (and so skip) it, nor starve the handlers after it.
            try
            {
                handler(change);
            }
#pragma warning disable CA1031 // Handlers are user code; one failing must not stop the informer.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogHandlerFailed(_logger, Name, change.Type, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Informer {Informer}: a handler failed on a {Change} event")]
    private static partial void LogHandlerFailed(ILogger logger, string informer, ResourceEventType change, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Informer {Informer}: listed {Count} objects at resourceVersion {ResourceVersion}")]
    private static partial void LogListed(ILogger logger, string informer, int count, string resourceVersion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Informer {Informer}: the server cannot resume from resourceVersion {ResourceVersion} (410 Gone, or too large after a restart); listing again")]
    private static partial void LogExpired(ILogger logger, string informer, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Informer {Informer}: watch from resourceVersion {ResourceVersion} failed; reconnecting with backoff")]
    private static partial void LogWatchFailed(ILogger logger, string informer, string? resourceVersion, Exception exception);
}
