using AcrOperator.Runtime.Queue;

namespace AcrOperator.Runtime.Controllers;

/// <summary>
/// Runs a reconciler over a work queue with a fixed number of workers, the way controller-runtime does:
/// success forgets the key's backoff, <see cref="ReconcileResult.RequeueAfter"/> schedules a poll, an
/// exception retries with per-key backoff, and a <see cref="TerminalReconcileException"/> stops retries.
/// Shutdown stops taking keys, lets in-flight reconciles finish within the timeout, then cancels them.
/// </summary>
public sealed partial class Controller : Manager.IRunnable, Manager.IAbortable, IDisposable
{
    // A message-template scope: "Controller" and "Object" keys for structured sinks, and readable text in
    // the console's "=> scope" (a dictionary scope printed as its type name there, naming no object at all).
    private static readonly Func<ILogger, string, string, IDisposable?> ReconcileScope =
        LoggerMessage.DefineScope<string, string>("{Controller} {Object}");

    private readonly IReconciler _reconciler;
    private readonly ControllerOptions _options;
    private readonly IControllerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Reconciles get their own token: stopping must not abort work in flight until the grace period ends.
    private readonly CancellationTokenSource _abortInFlight = new();

    public Controller(
        string name,
        IReconciler reconciler,
        WorkQueue<ObjectKey> queue,
        ControllerOptions options,
        TimeProvider time,
        ILogger logger,
        IControllerMetrics? metrics = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _reconciler = reconciler ?? throw new ArgumentNullException(nameof(reconciler));
        Queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _metrics = metrics ?? NullControllerMetrics.Instance;
    }

    public string Name { get; }

    private static TimeSpan AbortGrace => TimeSpan.FromSeconds(5);

    public WorkQueue<ObjectKey> Queue { get; }

    /// <summary>Processes keys until <paramref name="cancellationToken"/> is cancelled, then shuts down gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _metrics.WorkersConfigured(Name, _options.MaxConcurrentReconciles);
        LogStarting(_logger, Name, _options.MaxConcurrentReconciles);

        var workers = Enumerable.Range(0, _options.MaxConcurrentReconciles)
            .Select(_ => Task.Run(() => WorkAsync(_abortInFlight.Token), CancellationToken.None))
            .ToArray();
        var allWorkers = Task.WhenAll(workers);

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        Queue.ShutDown();
        LogStopping(_logger, Name);
        if (await CompletesWithinAsync(allWorkers, _options.ShutdownTimeout).ConfigureAwait(false))
        {
            LogStopped(_logger, Name);
            return;
        }

        LogShutdownTimedOut(_logger, Name, _options.ShutdownTimeout);
        Abort();

        // A reconciler that ignores cancellation must not keep the process from exiting.
        if (await CompletesWithinAsync(allWorkers, AbortGrace).ConfigureAwait(false))
        {
            LogStopped(_logger, Name);
        }
        else
        {
            LogAbandoned(_logger, Name);
        }
    }

    /// <summary>Cancels in-flight reconciles now and takes no more keys.</summary>
    public void Abort()
    {
        Queue.ShutDown();
        _abortInFlight.Cancel();
    }

    public void Dispose() => _abortInFlight.Dispose();

    /// <summary>Takes one key and reconciles it; false once the queue has shut down. Exposed for tests.</summary>
    internal async Task<bool> ProcessNextAsync(CancellationToken reconcileToken)
    {
        var item = await Queue.GetAsync(CancellationToken.None).ConfigureAwait(false);
        if (item.ShutDown)
        {
            return false;
        }

        var key = item.Key;
        _metrics.WorkerBusy(Name, busy: true);
        var started = _time.GetTimestamp();
        var outcome = ReconcileOutcome.Error;
        try
        {
            using var scope = ReconcileScope(_logger, Name, key.ToString());
            outcome = await ReconcileOneAsync(key, reconcileToken).ConfigureAwait(false);
        }
        finally
        {
            _metrics.Reconciled(Name, outcome, _time.GetElapsedTime(started));
            _metrics.WorkerBusy(Name, busy: false);
            Queue.Done(key);
        }

        return true;
    }

    private async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout)
    {
        try
        {
            await task.WaitAsync(timeout, _time, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task WorkAsync(CancellationToken reconcileToken)
    {
        while (await ProcessNextAsync(reconcileToken).ConfigureAwait(false))
        {
        }
    }

    private async Task<ReconcileOutcome> ReconcileOneAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            Queue.Forget(key);
            if (result.RequeueAfter is { } delay && delay > TimeSpan.Zero)
            {
                Queue.AddAfter(key, delay);
                return ReconcileOutcome.RequeueAfter;
            }

            return ReconcileOutcome.Success;
        }
        catch (TerminalReconcileException ex)
        {
            Queue.Forget(key);
            LogTerminal(_logger, Name, key.ToString(), ex.Message);
            return ReconcileOutcome.TerminalError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Aborted by shutdown: the next leader or process picks the key up from its informer.
            return ReconcileOutcome.Error;
        }
#pragma warning disable CA1031 // A worker must survive any reconciler failure; the key is retried.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var retries = Queue.Retries(key);
            Queue.AddRateLimited(key);
            LogFailed(_logger, Name, key.ToString(), retries + 1, ex);
            return ReconcileOutcome.Error;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting controller {Controller} with {Workers} workers")]
    private static partial void LogStarting(ILogger logger, string controller, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping controller {Controller}: no new work, waiting for in-flight reconciles")]
    private static partial void LogStopping(ILogger logger, string controller);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller {Controller}: in-flight reconciles still running after {Timeout}; cancelling them")]
    private static partial void LogShutdownTimedOut(ILogger logger, string controller, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "Controller {Controller}: reconciles ignored cancellation; abandoning them")]
    private static partial void LogAbandoned(ILogger logger, string controller);

    [LoggerMessage(Level = LogLevel.Information, Message = "Controller {Controller} stopped")]
    private static partial void LogStopped(ILogger logger, string controller);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Controller {Controller}: reconcile of {Key} failed terminally, not retrying until it changes: {Reason}")]
    private static partial void LogTerminal(ILogger logger, string controller, string key, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Controller {Controller}: reconcile of {Key} failed (attempt {Attempt}); retrying with backoff")]
    private static partial void LogFailed(ILogger logger, string controller, string key, int attempt, Exception exception);
}
