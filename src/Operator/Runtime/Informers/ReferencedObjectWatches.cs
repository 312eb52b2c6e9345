using AcrOperator.Runtime.Kube;

namespace AcrOperator.Runtime.Informers;

/// <summary>
/// Watches single objects by name, metadata only, for as long as something refers to them, and reports a change of
/// one to each of its referrers. For kinds the operator must not cache as a whole: watching every Secret in the
/// cluster is a known memory trap, while this costs one list and watch per referenced object (a fieldSelector on its
/// name, in its namespace) and keeps nothing of it but its metadata. Referrers say what they refer to, and which
/// version they read, on every pass (<see cref="Track"/>); a version other than the one read, seen then or later,
/// reports a change, so neither the watch's first list nor a change made between the read and the watch is lost.
/// </summary>
public sealed partial class ReferencedObjectWatches : Manager.IRunnable, IDisposable
{
    private readonly KubeApiClient _client;
    private readonly ResourceType _type;
    private readonly Action<ObjectKey> _changed;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<ObjectKey, HashSet<ObjectKey>> _references = [];
    private readonly Dictionary<ObjectKey, Watched> _watched = [];
    private CancellationTokenSource? _running;

    /// <param name="changed">Called with each referrer of an object that changed; it runs on a watch and must be cheap (queue a key).</param>
    public ReferencedObjectWatches(string name, KubeApiClient client, ResourceType type, Action<ObjectKey> changed, TimeProvider time, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _type = type ?? throw new ArgumentNullException(nameof(type));
        _changed = changed ?? throw new ArgumentNullException(nameof(changed));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public string Name { get; }

    /// <summary>How many objects are watched now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _watched.Count;
            }
        }
    }

    /// <summary>
    /// Sets what <paramref name="referrer"/> refers to, with the resourceVersion it read of each (null: it found none).
    /// Objects new to the set get a watch; objects nobody refers to any more lose theirs.
    /// </summary>
    public void Track(ObjectKey referrer, IReadOnlyDictionary<ObjectKey, string?> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        List<Watched> stopped;
        lock (_gate)
        {
            var before = _references.Remove(referrer, out var old) ? old : [];
            if (objects.Count > 0)
            {
                _references[referrer] = [.. objects.Keys];
            }

            foreach (var (key, version) in objects)
            {
                if (!_watched.TryGetValue(key, out var watched))
                {
                    watched = _watched[key] = new Watched(key);
                    Start(watched);
                }

                watched.Referrers.Add(referrer);
                watched.Version = version;
            }

            stopped = [];
            foreach (var key in before.Where(k => !objects.ContainsKey(k)))
            {
                var watched = _watched[key];
                watched.Referrers.Remove(referrer);
                if (watched.Referrers.Count == 0)
                {
                    _watched.Remove(key);
                    stopped.Add(watched);
                }
            }
        }

        foreach (var watched in stopped)
        {
            watched.Stop();
        }
    }

    /// <summary>The referrer refers to nothing any more (it is gone).</summary>
    public void Forget(ObjectKey referrer) => Track(referrer, new Dictionary<ObjectKey, string?>());

    /// <summary>Runs the watches while this replica leads; they start on first reference, and all stop with this.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (_gate)
        {
            _running = running;
            foreach (var watched in _watched.Values)
            {
                Start(watched);
            }
        }

        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        List<Watched> all;
        lock (_gate)
        {
            _running = null;
            all = [.. _watched.Values];
        }

        foreach (var watched in all)
        {
            watched.Stop();
        }

        await Task.WhenAll(all.Select(w => w.Run ?? Task.CompletedTask)).ConfigureAwait(false);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var watched in _watched.Values)
            {
                watched.Stop();
            }
        }
    }

    /// <summary>Starts the object's list and watch when running and not already watching; under the lock.</summary>
    private void Start(Watched watched)
    {
        if (_running is null || watched.Run is { IsCompleted: false })
        {
            return;
        }

        var source = new KubeListWatchSource<PartialObjectMetadata>(
            _client, _type, watched.Key.Namespace, new ListOptions(FieldSelector: $"metadata.name={watched.Key.Name}", MetadataOnly: true));
        var informer = new Informer<PartialObjectMetadata>($"{Name} {watched.Key}", source, _time, _logger);
        informer.AddHandler(change => Seen(watched, change.Type == ResourceEventType.Deleted ? null : change.Current.Metadata.ResourceVersion));
        watched.Start(token => RunWatchAsync(informer, token), _running.Token);
        LogWatching(_logger, Name, watched.Key);
    }

    private static async Task RunWatchAsync(Informer<PartialObjectMetadata> informer, CancellationToken cancellationToken)
    {
        try
        {
            await informer.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void Seen(Watched watched, string? version)
    {
        List<ObjectKey> referrers;
        lock (_gate)
        {
            // A watch already stopped (its object no longer referenced, or referenced anew by another watch) reports nothing.
            if (string.Equals(watched.Version, version, StringComparison.Ordinal) || !_watched.TryGetValue(watched.Key, out var current) || !ReferenceEquals(current, watched))
            {
                return;
            }

            watched.Version = version;
            referrers = [.. watched.Referrers];
        }

        LogChanged(_logger, Name, watched.Key, referrers.Count);
        foreach (var referrer in referrers)
        {
            _changed(referrer);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Watches}: watching {Object}")]
    private static partial void LogWatching(ILogger logger, string watches, ObjectKey @object);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Watches}: {Object} changed; reconciling its {Count} referrers")]
    private static partial void LogChanged(ILogger logger, string watches, ObjectKey @object, int count);

    /// <summary>One watched object: who refers to it, the version they last read or were told of, and its watch.</summary>
    private sealed class Watched(ObjectKey key)
    {
        public ObjectKey Key { get; } = key;

        public HashSet<ObjectKey> Referrers { get; } = [];

        public string? Version { get; set; }

        private CancellationTokenSource? _stopping;

        public Task? Run { get; private set; }

        /// <summary>Runs <paramref name="watch"/> until <see cref="Stop"/> or <paramref name="running"/> ends it.</summary>
        public void Start(Func<CancellationToken, Task> watch, CancellationToken running)
        {
            var stopping = CancellationTokenSource.CreateLinkedTokenSource(running);
            Interlocked.Exchange(ref _stopping, stopping)?.Dispose();
            // Off the caller's thread: it holds the watches' lock, which the watch's handler takes.
            Run = Task.Run(() => watch(stopping.Token), CancellationToken.None);
        }

        public void Stop()
        {
            // Once: a watch can be stopped by its last referrer going and by shutdown at the same time.
            if (Interlocked.Exchange(ref _stopping, null) is { } stopping)
            {
                stopping.Cancel();
                stopping.Dispose();
            }
        }
    }
}
