namespace AcrOperator.Runtime.Manager;

/// <summary>
/// Runs the caches first and the controllers once every cache has synced, as controller-runtime's
/// manager does, so no reconciler ever reads a half-filled cache. Stopping stops controllers first
/// (they drain gracefully) and caches last.
/// </summary>
public sealed partial class ControllerManager
{
    private readonly List<IRunnable> _caches = [];
    private readonly List<IRunnable> _workers = [];
    private readonly ILogger<ControllerManager> _logger;
    private volatile ManagerState _state = ManagerState.Standby;

    public ControllerManager(ILogger<ControllerManager> logger) => _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    public ManagerState State => _state;

    public IReadOnlyList<string> Components => [.. _caches.Concat(_workers).Select(r => r.Name)];

    /// <summary>Adds a cache (an informer): started first, and waited for before any controller starts.</summary>
    public void AddCache<T>(T cache)
        where T : IRunnable, ISyncable
        => _caches.Add(cache);

    /// <summary>Adds a controller or any other runnable that reads caches.</summary>
    public void Add(IRunnable runnable) => _workers.Add(runnable ?? throw new ArgumentNullException(nameof(runnable)));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Not linked to the caller's token: controllers drain first and may still read caches while they do.
        using var stopCaches = new CancellationTokenSource();
        _state = ManagerState.Syncing;
        var caches = _caches.Select(c => RunUntilCancelledAsync(c, stopCaches.Token)).ToList();
        try
        {
            await Task.WhenAll(_caches.Cast<ISyncable>().Select(c => c.WaitForSyncAsync(cancellationToken))).ConfigureAwait(false);
            LogCachesSynced(_logger, _caches.Count);
            _state = ManagerState.Running;
            await Task.WhenAll(_workers.Select(w => RunUntilCancelledAsync(w, cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _state = ManagerState.Stopped;
            await stopCaches.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(caches).ConfigureAwait(false);
        }
    }

    private static async Task RunUntilCancelledAsync(IRunnable runnable, CancellationToken cancellationToken)
    {
        try
        {
            await runnable.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} caches synced; starting controllers")]
    private static partial void LogCachesSynced(ILogger logger, int count);
}
