using System.Buffers;
using System.Globalization;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Registry;
using AcrOperator.Sandbox.KubeApi.Selectors;
using AcrOperator.Sandbox.KubeApi.Storage;
using AcrOperator.Sandbox.KubeApi.Tables;

namespace AcrOperator.Sandbox.KubeApi.Http;

/// <summary>
/// Serves <c>?watch=true</c>: a chunked stream of one JSON event per line, starting from a resourceVersion (or with
/// synthetic ADDED events), with bookmarks, 410 Expired as an ERROR event, and a clean end at timeoutSeconds.
/// </summary>
internal sealed class WatchStreamer
{
    private static readonly byte[] InitialEventsEnd = "k8s.io/initial-events-end"u8.ToArray();
    private const int FlushBytes = 64 * 1024;
    private readonly ResourceOperations operations;
    private readonly KubeApiServerOptions options;

    public WatchStreamer(ResourceOperations operations, KubeApiServerOptions options)
    {
        this.operations = operations;
        this.options = options;
    }

    private ObjectStore Store => operations.Store;

    public async Task ServeAsync(HttpContext context, ServedResource resource, string? ns, ResponseShape shape)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"], resource);
        string? version = query["resourceVersion"];
        var bookmarks = query["allowWatchBookmarks"] is ["true" or "1"];
        var sendInitial = query["sendInitialEvents"] is ["true" or "1"];
        if (query["sendInitialEvents"] is [{ Length: > 0 }] && query["resourceVersionMatch"] != "NotOlderThan")
        {
            throw ApiException.Invalid("meta.k8s.io", "ListOptions", string.Empty, [new Schema.FieldError("FieldValueForbidden", "resourceVersionMatch", "Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan")]);
        }

        var timeout = query["timeoutSeconds"] is [{ } t] && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : TimeSpan.FromSeconds(1800 + Random.Shared.Next(1800));
        var from = string.IsNullOrEmpty(version) || version == "0" ? (long?)null : ApiRequestHandler.ParseVersion(version);

        if (from is { } wanted && !sendInitial)
        {
            await WaitForRevisionAsync(wanted, context.RequestAborted);
        }

        var subscription = new WatchSubscription(resource.StorageKey, ns, labels, fields, options.WatchQueueCapacity);
        List<WatchItem>? initial = null;
        var expired = false;
        ApiException? tooLarge = null;
        long startRevision;
        lock (Store.Gate)
        {
            if (from is { } requested && requested > Store.Revision && !sendInitial)
            {
                // Accepting it would hide every event until the store caught up: a client resuming against a restarted
                // server would wait on a stream that never delivers instead of relisting.
                tooLarge = ApiException.TooLargeResourceVersion(requested, Store.Revision);
            }
            else if (from is null || sendInitial)
            {
                initial = [];
                foreach (var obj in Store.Items(resource.StorageKey, ns).Values)
                {
                    if (subscription.Matches(obj))
                    {
                        initial.Add(new WatchItem(new WatchEvent(resource.StorageKey, string.Empty, "ADDED", obj, null, default), "ADDED", false));
                    }
                }

                Store.Watch(subscription);
            }
            else
            {
                initial = Store.Subscribe(subscription, from.Value);
                expired = initial is null;
            }

            startRevision = Store.Revision;
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = shape switch
        {
            ResponseShape.Table => Negotiation.TableContentType,
            _ => Negotiation.JsonContentType,
        };
        var writer = new EventWriter(resource, shape, options.TimeProvider, context.Request.Query["includeObject"]);
        try
        {
            await response.StartAsync(context.RequestAborted);
            if (expired || tooLarge is not null)
            {
                // As the cacher does, errors after the watch was accepted are an ERROR event on a 200 stream.
                var status = (tooLarge ?? ApiException.Expired($"too old resource version: {from} ({Store.CompactedRevision})")).ToStatus();
                await response.Body.WriteAsync(WatchEvent.Build("ERROR", JsonDefaults.Serialize(status)), context.RequestAborted);
                return;
            }

            foreach (var item in initial!)
            {
                await response.Body.WriteAsync(writer.Line(item), context.RequestAborted);
            }

            if (sendInitial)
            {
                await response.Body.WriteAsync(Bookmark(resource, startRevision, initialEventsEnd: true), context.RequestAborted);
            }

            await response.Body.FlushAsync(context.RequestAborted);
            await PumpAsync(context, resource, subscription, writer, bookmarks, timeout);
        }
        finally
        {
            lock (Store.Gate)
            {
                Store.Unwatch(subscription);
            }
        }
    }

    /// <summary>Waits up to the watch cache's 3 s block timeout for the store to reach a requested revision.</summary>
    private async Task WaitForRevisionAsync(long revision, CancellationToken aborted)
    {
        var time = options.TimeProvider;
        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(3);
        while (true)
        {
            lock (Store.Gate)
            {
                if (Store.Revision >= revision)
                {
                    return;
                }
            }

            if (time.GetUtcNow() >= deadline)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, aborted);
        }
    }

    /// <summary>
    /// One loop per watch: it awaits the subscription (a wait that allocates nothing), writes whatever is queued and
    /// flushes once per batch. The deadline, the bookmark interval and an aborted request only wake it up, so a
    /// delivered event costs no task, timer or cancellation registration.
    /// </summary>
    private async Task PumpAsync(HttpContext context, ServedResource resource, WatchSubscription subscription, EventWriter writer, bool bookmarks, TimeSpan timeout)
    {
        var time = options.TimeProvider;
        var body = context.Response.BodyWriter;
        var aborted = context.RequestAborted;
        var reasons = new WakeReasons(subscription);
        using var deadline = time.CreateTimer(static s => ((WakeReasons)s!).Expire(), reasons, timeout, Timeout.InfiniteTimeSpan);
        using var bookmarkTimer = bookmarks
            ? time.CreateTimer(static s => ((WakeReasons)s!).BookmarkDue(), reasons, options.BookmarkInterval, options.BookmarkInterval)
            : null;
        using var abort = aborted.UnsafeRegister(static s => ((WatchSubscription)s!).Wake(), subscription);

        // False once the store closed the subscription: the watcher fell too far behind. Ending the stream makes the client re-watch.
        while (await subscription.WaitToReadAsync())
        {
            if (Ended())
            {
                return;
            }

            // Lines are copied into the response pipe and sent with one flush per batch (a stream write would flush each
            // line on its own); a long backlog is still flushed every FlushBytes so the pipe stays small.
            var unflushed = 0;
            while (subscription.TryRead(out var item))
            {
                var line = writer.Line(item);
                body.Write<byte>(line);
                unflushed += line.Length;
                if (unflushed >= FlushBytes)
                {
                    await body.FlushAsync(aborted);
                    unflushed = 0;
                }
            }

            var wrote = unflushed > 0;

            if (reasons.TakeBookmark())
            {
                long? revision = null;
                lock (Store.Gate)
                {
                    // Only claim the current revision once every earlier event has been handed to this watcher.
                    if (!subscription.HasQueuedEvents)
                    {
                        revision = Store.Revision;
                    }
                }

                if (revision is { } r)
                {
                    body.Write<byte>(Bookmark(resource, r, initialEventsEnd: false));
                    wrote = true;
                }
            }

            if (wrote)
            {
                await body.FlushAsync(aborted);
            }

            // Checked again after the drain: a deadline or abort that fired while a marker was queued queued none of its
            // own, and the drain took that marker, so waiting now could outlive timeoutSeconds or a gone client.
            if (Ended())
            {
                return;
            }
        }

        bool Ended() => reasons.Expired || aborted.IsCancellationRequested;
    }

    private static byte[] Bookmark(ServedResource resource, long revision, bool initialEventsEnd)
    {
        var metadata = new JsonObject { ["resourceVersion"] = ObjectStore.FormatRevision(revision) };
        if (initialEventsEnd)
        {
            metadata["annotations"] = new JsonObject { [System.Text.Encoding.UTF8.GetString(InitialEventsEnd)] = "true" };
        }

        var obj = new JsonObject { ["kind"] = resource.Descriptor.Kind, ["apiVersion"] = resource.Descriptor.GroupVersion, ["metadata"] = metadata };
        return WatchEvent.Build("BOOKMARK", JsonDefaults.Serialize(obj));
    }

    /// <summary>Turns queued items into wire lines: the shared line where possible, otherwise this watcher's own form.</summary>
    private sealed class EventWriter(ServedResource resource, ResponseShape shape, TimeProvider time, string? includeObject)
    {
        private bool tableHeaderSent;

        public byte[] Line(WatchItem item)
        {
            var stored = item.OldContent
                ? new StoredObject(WatchSubscription.WithResourceVersion(item.Event.Previous!.Object, item.Event.ResourceVersion), item.Event.ResourceVersion)
                : item.Event.Object;
            switch (shape)
            {
                case ResponseShape.Table:
                    var table = TableBuilder.Build(
                        resource.Descriptor,
                        [ApiRequestHandler.PresentObject(resource, stored)],
                        ObjectStore.FormatRevision(stored.ResourceVersion),
                        null,
                        string.IsNullOrEmpty(includeObject) ? "Metadata" : includeObject,
                        time.GetUtcNow());
                    if (tableHeaderSent)
                    {
                        // The apiserver sends the column definitions only with the first event of a Table watch.
                        table["columnDefinitions"] = new JsonArray();
                    }

                    tableHeaderSent = true;
                    return WatchEvent.Build(item.Type, JsonDefaults.Serialize(table));
                case ResponseShape.PartialObjectMetadata:
                    return WatchEvent.Build(item.Type, JsonDefaults.Serialize(ApiRequestHandler.PartialMetadata(stored.Object)));
                default:
                    if (item.IsShared && ReferenceEquals(stored, item.Event.Object) && resource.SchemaIsTrivial
                        && stored.ApiVersion == resource.Descriptor.GroupVersion)
                    {
                        return item.Event.Line;
                    }

                    return WatchEvent.Build(item.Type, ApiRequestHandler.Present(resource, stored));
            }
        }
    }

    /// <summary>Why a watch loop was woken besides events; set by timer callbacks, read by the loop.</summary>
    private sealed class WakeReasons(WatchSubscription subscription)
    {
        private volatile bool expired;
        private volatile bool bookmarkDue;

        public bool Expired => expired;

        public void Expire()
        {
            expired = true;
            subscription.Wake();
        }

        public void BookmarkDue()
        {
            bookmarkDue = true;
            subscription.Wake();
        }

        public bool TakeBookmark()
        {
            if (!bookmarkDue)
            {
                return false;
            }

            bookmarkDue = false;
            return true;
        }
    }
}
