using System.Globalization;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Storage;

/// <summary>
/// The in-memory etcd: collections keyed by <c>group/plural</c>, objects by <c>namespace/name</c> in key order,
/// one global revision, a bounded history of changes, and the open watches. Every method expects the caller to
/// hold <see cref="Gate"/>, so a read-modify-write is atomic and watchers see changes in revision order.
/// Objects and watches are also indexed by namespace, as etcd keys and the watch cache are, so a namespaced list or
/// watch costs what that namespace holds rather than what the whole collection holds.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> collections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string StorageKey, string Key)> byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<(string StorageKey, string Namespace), SortedDictionary<string, StoredObject>> byNamespace = [];
    private readonly Dictionary<(string StorageKey, string? Namespace), List<WatchSubscription>> watchers = [];
    private readonly List<WatchEvent> history = [];
    private readonly TimeProvider time;
    private readonly int maxEvents;
    private readonly TimeSpan? maxAge;
    private int historyHead;

    public ObjectStore(TimeProvider time, int maxEvents, TimeSpan? maxAge)
    {
        this.time = time;
        this.maxEvents = Math.Max(1, maxEvents);
        this.maxAge = maxAge;
    }

    public object Gate { get; } = new();

    public long Revision { get; private set; }

    /// <summary>Watches and snapshots can start from any revision at or after this one; older ones are Expired.</summary>
    public long CompactedRevision { get; private set; }

    public static string KeyOf(string ns, string name) => ns + "/" + name;

    public static string FormatRevision(long revision) => revision.ToString(CultureInfo.InvariantCulture);

    public StoredObject? Get(string storageKey, string key) =>
        collections.TryGetValue(storageKey, out var items) && items.TryGetValue(key, out var obj) ? obj : null;

    public IReadOnlyDictionary<string, StoredObject> Items(string storageKey) =>
        collections.TryGetValue(storageKey, out var items) ? items : EmptyCollection;

    /// <summary>The objects of one namespace (<paramref name="ns"/> non-null) or of the whole collection, in key order.</summary>
    public IReadOnlyDictionary<string, StoredObject> Items(string storageKey, string? ns) => Sorted(storageKey, ns);

    public IEnumerable<string> StorageKeys => collections.Keys;

    public (string StorageKey, StoredObject Object)? FindByUid(string uid) =>
        byUid.TryGetValue(uid, out var at) && Get(at.StorageKey, at.Key) is { } obj ? (at.StorageKey, obj) : null;

    /// <summary>Stores <paramref name="obj"/> (which the store now owns) under the next revision and notifies watchers.</summary>
    public StoredObject Put(string storageKey, string key, JsonObject obj)
    {
        var items = CollectionFor(storageKey);
        items.TryGetValue(key, out var previous);
        var revision = Revision + 1;
        obj["metadata"]!["resourceVersion"] = FormatRevision(revision);
        var stored = new StoredObject(obj, revision);
        Revision = revision;
        items[key] = stored;
        NamespaceIndex(storageKey, key)[key] = stored;
        if (stored.Uid.Length > 0)
        {
            byUid[stored.Uid] = (storageKey, key);
        }

        Record(new WatchEvent(storageKey, key, previous is null ? "ADDED" : "MODIFIED", stored, previous, time.GetUtcNow()));
        previous?.ReleaseTree();
        return stored;
    }

    /// <summary>Removes the object; the DELETED event carries its last state with the deletion's revision.</summary>
    public StoredObject Remove(string storageKey, string key)
    {
        var items = CollectionFor(storageKey);
        var previous = items[key];
        items.Remove(key);
        var ns = NamespaceOf(key);
        if (byNamespace.TryGetValue((storageKey, ns), out var inNamespace) && inNamespace.Remove(key) && inNamespace.Count == 0)
        {
            byNamespace.Remove((storageKey, ns));
        }

        byUid.Remove(previous.Uid);
        Revision++;
        var last = new StoredObject(WatchSubscription.WithResourceVersion(previous.Object, Revision), Revision);
        Record(new WatchEvent(storageKey, key, "DELETED", last, previous, time.GetUtcNow()));
        previous.ReleaseTree();
        return last;
    }

    /// <summary>
    /// The collection (or one namespace of it) as it was at <paramref name="revision"/>, rebuilt by undoing later
    /// history; null when that revision has been compacted away.
    /// </summary>
    public SortedDictionary<string, StoredObject>? SnapshotAt(string storageKey, string? ns, long revision)
    {
        if (revision < CompactedRevision)
        {
            return null;
        }

        var snapshot = new SortedDictionary<string, StoredObject>(Sorted(storageKey, ns), StringComparer.Ordinal);
        for (var i = history.Count - 1; i >= historyHead && history[i].ResourceVersion > revision; i--)
        {
            var e = history[i];
            if (e.StorageKey != storageKey || (ns is not null && NamespaceOf(e.Key) != ns))
            {
                continue;
            }

            if (e.Previous is null)
            {
                snapshot.Remove(e.Key);
            }
            else
            {
                snapshot[e.Key] = e.Previous;
            }
        }

        return snapshot;
    }

    /// <summary>
    /// Registers a watch starting after <paramref name="fromRevision"/>, returning the retained events it missed;
    /// null when that revision is older than the history (410 Expired).
    /// </summary>
    public List<WatchItem>? Subscribe(WatchSubscription subscription, long fromRevision)
    {
        if (fromRevision < CompactedRevision)
        {
            return null;
        }

        var missed = new List<WatchItem>();
        var start = FirstEventAfter(fromRevision);
        for (var i = start; i < history.Count; i++)
        {
            if (history[i].StorageKey == subscription.StorageKey && subscription.Translate(history[i]) is { } item)
            {
                missed.Add(item);
            }
        }

        Watch(subscription);
        return missed;
    }

    /// <summary>Registers a watch that starts now (the caller sends the synthetic ADDED events).</summary>
    public void Watch(WatchSubscription subscription)
    {
        var at = (subscription.StorageKey, subscription.NamespaceFilter);
        if (!watchers.TryGetValue(at, out var list))
        {
            list = [];
            watchers[at] = list;
        }

        list.Add(subscription);
    }

    public void Unwatch(WatchSubscription subscription)
    {
        var at = (subscription.StorageKey, subscription.NamespaceFilter);
        if (watchers.TryGetValue(at, out var list) && list.Remove(subscription) && list.Count == 0)
        {
            watchers.Remove(at);
        }

        subscription.Close();
    }

    /// <summary>Test knob: forgets the whole history, so every older resourceVersion is Expired.</summary>
    public void Compact()
    {
        history.Clear();
        historyHead = 0;
        CompactedRevision = Revision;
    }

    private static readonly SortedDictionary<string, StoredObject> EmptyCollection = new(StringComparer.Ordinal);

    private SortedDictionary<string, StoredObject> CollectionFor(string storageKey)
    {
        if (!collections.TryGetValue(storageKey, out var items))
        {
            items = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            collections[storageKey] = items;
        }

        return items;
    }

    private SortedDictionary<string, StoredObject> Sorted(string storageKey, string? ns) =>
        ns is null
            ? collections.GetValueOrDefault(storageKey, EmptyCollection)
            : byNamespace.GetValueOrDefault((storageKey, ns), EmptyCollection);

    private static string NamespaceOf(string key) => key[..key.IndexOf('/', StringComparison.Ordinal)];

    private SortedDictionary<string, StoredObject> NamespaceIndex(string storageKey, string key)
    {
        var at = (storageKey, NamespaceOf(key));
        if (!byNamespace.TryGetValue(at, out var items))
        {
            items = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            byNamespace[at] = items;
        }

        return items;
    }

    private int FirstEventAfter(long revision)
    {
        int lo = historyHead, hi = history.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (history[mid].ResourceVersion <= revision)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void Record(WatchEvent e)
    {
        history.Add(e);
        var cutoff = maxAge is { } age ? e.At - age : DateTimeOffset.MinValue;
        while (history.Count - historyHead > maxEvents || (historyHead < history.Count - 1 && history[historyHead].At < cutoff))
        {
            CompactedRevision = history[historyHead].ResourceVersion;
            history[historyHead] = null!;
            historyHead++;
        }

        if (historyHead > 4096 && historyHead > history.Count / 2)
        {
            history.RemoveRange(0, historyHead);
            historyHead = 0;
        }

        // Watchers of other namespaces could never match, so they are not asked.
        Offer(e, (e.StorageKey, null));
        Offer(e, (e.StorageKey, NamespaceOf(e.Key)));
    }

    private void Offer(WatchEvent e, (string, string?) at)
    {
        if (watchers.TryGetValue(at, out var list))
        {
            foreach (var watcher in list)
            {
                watcher.Offer(e);
            }
        }
    }
}
