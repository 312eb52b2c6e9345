namespace AcrOperator.Runtime.Queue;

/// <summary>
/// A deduplicating, delaying, rate-limited queue of keys with client-go's semantics:
/// a key is queued at most once however often it is added; a key being processed is never handed to a
/// second worker, and if it is added meanwhile it is queued again when the first worker calls
/// <see cref="Done"/>; delayed adds keep the earliest deadline. All time comes from a
/// <see cref="TimeProvider"/> so tests drive it without sleeping.
/// </summary>
public sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly IRateLimiter<TKey> _rateLimiter;
    private readonly IWorkQueueMetrics _metrics;

    private readonly Queue<TKey> _queue = new();
    private readonly Dictionary<TKey, long> _dirty = new();      // key -> timestamp it was queued
    private readonly Dictionary<TKey, long> _processing = new(); // key -> timestamp work started

    // Deadlines are monotonic timestamps, so a wall-clock step (NTP) cannot stretch or shrink a backoff.
    private readonly PriorityQueue<TKey, long> _waiting = new();
    private readonly Dictionary<TKey, long> _readyAt = new();
    private readonly ITimer _timer;
    private long? _timerDue;

    private TaskCompletionSource? _itemAvailable;
    private bool _shuttingDown;

    public WorkQueue(TimeProvider time, IRateLimiter<TKey> rateLimiter, IWorkQueueMetrics? metrics = null)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _rateLimiter = rateLimiter ?? throw new ArgumentNullException(nameof(rateLimiter));
        _metrics = metrics ?? NullWorkQueueMetrics.Instance;
        _timer = _time.CreateTimer(_ => PromoteDueKeys(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Keys ready for a worker (not counting delayed or in-progress keys).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Keys waiting for a delayed add to come due.</summary>
    public int DelayedCount
    {
        get
        {
            lock (_gate)
            {
                return _readyAt.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            AddLocked(key);
        }
    }

    /// <summary>Adds the key once <paramref name="delay"/> has passed; an earlier pending deadline wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            var readyAt = _time.GetTimestamp() + ToTimestampTicks(delay);
            if (_readyAt.TryGetValue(key, out var existing) && existing <= readyAt)
            {
                return;
            }

            _readyAt[key] = readyAt;
            _waiting.Enqueue(key, readyAt);
            ArmTimerLocked();
        }
    }

    /// <summary>Adds the key after its rate limiter's backoff: the retry path for failures.</summary>
    public void AddRateLimited(TKey key)
    {
        _metrics.Retried();
        AddAfter(key, _rateLimiter.NextDelay(key));
    }

    /// <summary>Ends the key's backoff history; call after a success.</summary>
    public void Forget(TKey key) => _rateLimiter.Forget(key);

    public int Retries(TKey key) => _rateLimiter.Retries(key);

    /// <summary>
    /// Waits for a key and marks it as being processed. Returns <c>ShutDown = true</c> once the queue
    /// is shutting down, even if keys remain: graceful shutdown stops taking new work.
    /// </summary>
    public async ValueTask<WorkItem<TKey>> GetAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_shuttingDown)
                {
                    return new WorkItem<TKey>(default!, ShutDown: true);
                }

                if (_queue.TryDequeue(out var key))
                {
                    var now = _time.GetTimestamp();
                    var queuedAt = _dirty[key];
                    _dirty.Remove(key);
                    _processing[key] = now;
                    _metrics.DepthChanged(_queue.Count);
                    _metrics.Waited(_time.GetElapsedTime(queuedAt, now));
                    return new WorkItem<TKey>(key, ShutDown: false);
                }

                _itemAvailable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                signal = _itemAvailable.Task;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Marks the key's processing finished; re-queues it if it was added meanwhile.</summary>
    public void Done(TKey key)
    {
        lock (_gate)
        {
            if (!_processing.Remove(key, out var startedAt))
            {
                return;
            }

            _metrics.Processed(_time.GetElapsedTime(startedAt));
            if (_dirty.ContainsKey(key) && !_shuttingDown)
            {
                EnqueueLocked(key);
            }
        }
    }

    /// <summary>Stops handing out keys and wakes every waiting worker. Keys in progress may still call <see cref="Done"/>.</summary>
    public void ShutDown()
    {
        lock (_gate)
        {
            _shuttingDown = true;
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _itemAvailable?.TrySetResult();
            _itemAvailable = null;
        }
    }

    public void Dispose()
    {
        ShutDown();
        _timer.Dispose();
    }

    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(1);

    // A year is "never" for a requeue; clamping keeps the tick arithmetic far from overflow.
    private static readonly TimeSpan MaxDelay = TimeSpan.FromDays(365);

    private long ToTimestampTicks(TimeSpan delay)
        => (long)((delay > MaxDelay ? MaxDelay : delay).TotalSeconds * _time.TimestampFrequency);

    private void AddLocked(TKey key)
    {
        if (_shuttingDown || _dirty.ContainsKey(key))
        {
            return;
        }

        _metrics.Added();
        _dirty[key] = _time.GetTimestamp();

        // A key in progress is queued again by Done, so one worker never races another on it.
        if (!_processing.ContainsKey(key))
        {
            EnqueueLocked(key);
        }
    }

    private void EnqueueLocked(TKey key)
    {
        _queue.Enqueue(key);
        _metrics.DepthChanged(_queue.Count);
        _itemAvailable?.TrySetResult();
        _itemAvailable = null;
    }

    private void PromoteDueKeys()
    {
        lock (_gate)
        {
            _timerDue = null;
            if (_shuttingDown)
            {
                return;
            }

            var now = _time.GetTimestamp();
            while (_waiting.TryPeek(out var key, out var readyAt) && readyAt <= now)
            {
                _waiting.Dequeue();

                // An entry superseded by an earlier deadline is stale; only the current one counts.
                if (_readyAt.TryGetValue(key, out var current) && current == readyAt)
                {
                    _readyAt.Remove(key);
                    AddLocked(key);
                }
            }

            ArmTimerLocked();
        }
    }

    private void ArmTimerLocked()
    {
        while (_waiting.TryPeek(out var key, out var readyAt))
        {
            if (_readyAt.TryGetValue(key, out var current) && current == readyAt)
            {
                if (_timerDue is { } due && due <= readyAt)
                {
                    return;
                }

                _timerDue = readyAt;
                var delay = _time.GetElapsedTime(_time.GetTimestamp(), readyAt);

                // Timers take at most ~49 days; a later deadline re-arms when this one fires.
                _timer.Change(delay <= TimeSpan.Zero ? TimeSpan.Zero : delay > MaxTimerDelay ? MaxTimerDelay : delay, Timeout.InfiniteTimeSpan);
                return;
            }

            _waiting.Dequeue();
        }
    }
}
