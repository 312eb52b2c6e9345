using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using AcrOperator.Runtime.Kube;
using k8s;
using k8s.Models;

namespace AcrOperator.Runtime.Events;

/// <summary>
/// Sends core/v1 Events from a background loop. A repeat of the same event on the same object within
/// the aggregation window bumps the existing Event's count and lastTimestamp instead of creating a new
/// one, as client-go's recorder does, so a failing reconcile cannot flood etcd.
/// </summary>
public sealed partial class EventRecorder : IEventRecorder, Manager.IRunnable
{
    private const int MaxMessageLength = 1024;
    private static readonly TimeSpan AggregationWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan FinalFlushTimeout = TimeSpan.FromSeconds(5);

    private readonly KubeApiClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _component;
    private readonly string _instance;
    private readonly Channel<PendingEvent> _pending = Channel.CreateBounded<PendingEvent>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Dictionary<(string Uid, EventType Type, string Reason, string Message), SentEvent> _recent = [];

    public EventRecorder(KubeApiClient client, TimeProvider time, ILogger<EventRecorder> logger, string component, string instance)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        ArgumentException.ThrowIfNullOrEmpty(component);
        ArgumentException.ThrowIfNullOrEmpty(instance);
        _component = component;
        _instance = instance;
    }

    public string Name => "event-recorder";

    public void Record(IKubernetesObject<V1ObjectMeta> regarding, EventType type, string reason, string message)
    {
        if (regarding is null || string.IsNullOrEmpty(reason))
        {
            return;
        }

        message ??= string.Empty;
        var reference = new V1ObjectReference
        {
            ApiVersion = regarding.ApiVersion,
            Kind = regarding.Kind,
            Name = regarding.Metadata.Name,
            NamespaceProperty = regarding.Metadata.NamespaceProperty,
            Uid = regarding.Metadata.Uid,
            ResourceVersion = regarding.Metadata.ResourceVersion,
        };
        var text = message.Length > MaxMessageLength ? message[..(MaxMessageLength - 3)] + "..." : message;
        _pending.Writer.TryWrite(new PendingEvent(reference, type, reason, text, _time.GetUtcNow()));
    }

    /// <summary>Sends recorded events until cancelled, then sends what is left within a few seconds.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var pending in _pending.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await SendAsync(pending, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        using var lastFlush = new CancellationTokenSource(FinalFlushTimeout, _time);
        try
        {
            await FlushAsync(lastFlush.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lastFlush.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends everything recorded so far; for tests and for a last flush on shutdown.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_pending.Reader.TryRead(out var pending))
        {
            await SendAsync(pending, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SendAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var key = (pending.Regarding.Uid ?? pending.Regarding.Name, pending.Type, pending.Reason, pending.Message);
        PruneExpired(pending.At);
        try
        {
            if (_recent.TryGetValue(key, out var sent))
            {
                var count = sent.Count + 1;
                var patch = new JsonObject
                {
                    ["count"] = count,
                    ["lastTimestamp"] = Timestamp(pending.At),
                };
                await _client.PatchAsync<Corev1Event>(ResourceType.Events, sent.Namespace, sent.Name, PatchType.Merge, patch.ToJsonString(), cancellationToken).ConfigureAwait(false);
                _recent[key] = sent with { Count = count, LastSeen = pending.At };
                return;
            }

            var created = await _client.CreateAsync(ResourceType.Events, EventNamespace(pending.Regarding), NewEvent(pending), cancellationToken).ConfigureAwait(false);
            _recent[key] = new SentEvent(created.Metadata.NamespaceProperty, created.Metadata.Name, 1, pending.At);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (KubeApiException ex) when (ex.IsNotFound)
        {
            // The aggregated Event expired on the server; the next repeat starts a new one.
            _recent.Remove(key);
        }
#pragma warning disable CA1031 // Losing an event must never take the recorder down.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSendFailed(_logger, pending.Reason, pending.Regarding.Kind, pending.Regarding.NamespaceProperty, pending.Regarding.Name, ex);
        }
    }

    private Corev1Event NewEvent(PendingEvent pending)
    {
        var at = pending.At.UtcDateTime;
        return new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta
            {
                // client-go's naming: the object's name and a unique hexadecimal suffix.
                Name = $"{pending.Regarding.Name}.{pending.At.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x}",
                NamespaceProperty = EventNamespace(pending.Regarding),
            },
            InvolvedObject = pending.Regarding,
            Type = pending.Type.ToString(),
            Reason = pending.Reason,
            Message = pending.Message,
            Count = 1,
            FirstTimestamp = at,
            LastTimestamp = at,
            Source = new V1EventSource { Component = _component },
            ReportingComponent = _component,
            ReportingInstance = _instance,
        };
    }

    // Events about cluster-scoped objects (a Namespace) live in "default", as client-go's recorder puts them.
    private static string EventNamespace(V1ObjectReference regarding)
        => string.IsNullOrEmpty(regarding.NamespaceProperty) ? "default" : regarding.NamespaceProperty;

    private void PruneExpired(DateTimeOffset now)
    {
        foreach (var (key, sent) in _recent.Where(e => now - e.Value.LastSeen > AggregationWindow).ToList())
        {
            _recent.Remove(key);
        }
    }

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record event {Reason} on {Kind} {Namespace}/{Name}")]
    private static partial void LogSendFailed(ILogger logger, string reason, string kind, string? @namespace, string name, Exception exception);

    private sealed record PendingEvent(V1ObjectReference Regarding, EventType Type, string Reason, string Message, DateTimeOffset At);

    private sealed record SentEvent(string? Namespace, string Name, int Count, DateTimeOffset LastSeen);
}
