namespace AcrOperator.Runtime.Manager;

/// <summary>
/// Runs the caches and background services first and the controllers once every cache has synced, as
/// controller-runtime's manager does, so no reconciler ever reads a half-filled cache. Stopping stops
/// controllers first (they drain gracefully, still reading caches and recording events) and the rest last.
/// </summary>
public sealed partial class ControllerManager
{
    private readonly List<IRunnable> _caches = [];
    private readonly List<IRunnable> _background = [];
    private readonly List<IRunnable> _controllers = [];
    private readonly ILogger<ControllerManager> _logger;
    private volatile ManagerState _state = ManagerState.Standby;

    public ControllerManager(ILogger<ControllerManager> logger) => _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    public ManagerState State => _state;

    public IReadOnlyList<string> Components => [.. _caches.Concat(_background).Concat(_controllers).Select(r => r.Name)];

    /// <summary>Adds a cache (an informer): started first, and waited for before any controller starts.</summary>
    public void AddCache<T>(T cache)
        where T : IRunnable, ISyncable
        => _caches.Add(cache);

    /// <summary>Adds a service controllers use (the event recorder): started with the caches, stopped after the controllers.</summary>
    public void AddBackground(IRunnable runnable) => _background.Add(runnable ?? throw new ArgumentNullException(nameof(runnable)));

    /// <summary>Adds a controller: started once caches have synced, stopped first.</summary>
    public void Add(IRunnable controller) => _controllers.Add(controller ?? throw new ArgumentNullException(nameof(controller)));

    /// <summary>Cuts in-flight reconciles short: leadership is gone and another replica may already lead.</summary>
    public void Abort()
    {
        foreach (var controller in _controllers.OfType<IAbortable>())
        {
            controller.Abort();
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Not linked to the caller's token: controllers drain first and may still read caches while they do.
        using var stopSupport = new CancellationTokenSource();
        _state = ManagerState.Syncing;
        var support = _caches.Concat(_background).Select(r => RunUntilCancelledAsync(r, stopSupport.Token)).ToList();
        try
        {
            await Task.WhenAll(_caches.Cast<ISyncable>().Select(c => c.WaitForSyncAsync(cancellationToken))).ConfigureAwait(false);
            LogCachesSynced(_logger, _caches.Count);
            _state = ManagerState.Running;
            // Lead until told to stop, however many controllers there are: returning early would give up the lease.
            var controllers = _controllers.Select(c => RunUntilCancelledAsync(c, cancellationToken)).ToList();
            await Task.WhenAll(controllers.Append(Task.Delay(Timeout.Infinite, cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            _state = ManagerState.Stopped;
            await stopSupport.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(support).ConfigureAwait(false);
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
