using System.Text.Json.Nodes;
using System.Threading.Channels;
using AcrOperator.Sandbox.KubeApi.Selectors;

namespace AcrOperator.Sandbox.KubeApi.Storage;

/// <summary>
/// One open watch: its filters and a bounded channel the store feeds under its lock. A watcher that falls a full
/// channel behind is closed, as the apiserver closes slow watchers; the client then re-watches or relists.
/// </summary>
internal sealed class WatchSubscription
{
    private readonly Channel<WatchItem> channel;

    // 1 while a wake-up marker (an item without an event) is queued, so timers never queue more than one.
    private int wakePending;

    // Events queued and not yet read, counted apart from the marker: the channel's count cannot tell them apart while
    // a Wake has claimed the marker slot but not yet written it.
    private int queuedEvents;

    private readonly int capacity;

    public WatchSubscription(string storageKey, string? namespaceFilter, LabelSelector labels, FieldSelector fields, int capacity)
    {
        this.capacity = capacity;
        StorageKey = storageKey;
        NamespaceFilter = namespaceFilter;
        Labels = labels;
        Fields = fields;
        // One slot more than the events allowed, for the wake-up marker.
        channel = Channel.CreateBounded<WatchItem>(new BoundedChannelOptions(capacity + 1)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string StorageKey { get; }

    public string? NamespaceFilter { get; }

    public LabelSelector Labels { get; }

    public FieldSelector Fields { get; }

    /// <summary>Whether events are queued that the reader has not taken yet (a wake-up marker is no event).</summary>
    public bool HasQueuedEvents => Volatile.Read(ref queuedEvents) > 0;

    // Selectors that select everything never look at the tree, which a superseded version would have to parse again.
    public bool Matches(StoredObject obj) =>
        (NamespaceFilter is null || obj.Namespace == NamespaceFilter)
        && (Labels.IsEverything || Labels.Matches(obj.Object))
        && (Fields.IsEverything || Fields.Matches(obj.Object));

    /// <summary>Translates the committed event for this watcher (selector transitions) and queues it. Caller holds the store lock.</summary>
    public void Offer(WatchEvent e)
    {
        if (Translate(e) is not { } item)
        {
            return;
        }

        // Counted before it is written, so a reader never sees the event without it being counted.
        if (Interlocked.Increment(ref queuedEvents) > capacity || !channel.Writer.TryWrite(item))
        {
            Interlocked.Decrement(ref queuedEvents);
            channel.Writer.TryComplete();
        }
    }

    public WatchItem? Translate(WatchEvent e)
    {
        var now = Matches(e.Object);
        var before = e.Previous is not null && e.Type == "MODIFIED" && Matches(e.Previous);
        return e.Type switch
        {
            "ADDED" => now ? new WatchItem(e, "ADDED", false) : null,
            "DELETED" => now ? new WatchItem(e, "DELETED", false) : null,
            _ when now && before => new WatchItem(e, "MODIFIED", false),
            _ when now => new WatchItem(e, "ADDED", false),
            _ when before => new WatchItem(e, "DELETED", true),
            _ => null,
        };
    }

    public void Close() => channel.Writer.TryComplete();

    /// <summary>
    /// Waits until something is queued; false once closed and drained. Without a cancellation token the channel reuses
    /// one wait object, so waking costs no allocation; timers and aborts use <see cref="Wake"/> instead of cancelling.
    /// </summary>
    public ValueTask<bool> WaitToReadAsync() => channel.Reader.WaitToReadAsync(CancellationToken.None);

    /// <summary>Takes the next event, skipping wake-up markers.</summary>
    public bool TryRead(out WatchItem item)
    {
        while (channel.Reader.TryRead(out item))
        {
            if (item.Event is not null)
            {
                Interlocked.Decrement(ref queuedEvents);
                return true;
            }

            // A full fence: a flag set before a Wake that found the marker still pending is visible after this.
            Interlocked.Exchange(ref wakePending, 0);
        }

        return false;
    }

    /// <summary>Wakes the reader without an event (a timer fired or the request ended); at most one marker is queued.</summary>
    public void Wake()
    {
        if (Interlocked.Exchange(ref wakePending, 1) == 0 && !channel.Writer.TryWrite(default))
        {
            // Full or closed: the reader has something to wake for anyway.
            Volatile.Write(ref wakePending, 0);
        }
    }

    internal static JsonObject WithResourceVersion(JsonObject obj, long resourceVersion)
    {
        var copy = obj.DeepClone().AsObject();
        copy["metadata"]!["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return copy;
    }
}
