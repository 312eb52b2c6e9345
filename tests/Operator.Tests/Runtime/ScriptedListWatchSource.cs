using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Runtime;

/// <summary>
/// A list-watch source driven by the test: lists answer from a queue of snapshots, and each watch
/// session plays the notifications the test pushes until the test ends it (cleanly, with an
/// exception, or with 410).
/// </summary>
internal sealed class ScriptedListWatchSource : IListWatchSource<V1ConfigMap>
{
    private readonly Queue<ListSnapshot<V1ConfigMap>> _lists = new();
    private readonly Channel<WatchSession> _sessions = Channel.CreateUnbounded<WatchSession>();

    public List<string> Calls { get; } = [];

    public void EnqueueList(string resourceVersion, params V1ConfigMap[] items) => _lists.Enqueue(new ListSnapshot<V1ConfigMap>(items, resourceVersion));

    /// <summary>Waits until the informer opens its next watch and returns the session to drive it.</summary>
    public async Task<WatchSession> NextWatchAsync() => await _sessions.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5));

    public Task<ListSnapshot<V1ConfigMap>> ListAsync(CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add("list");
        }

        return Task.FromResult(_lists.Dequeue());
    }

    public async IAsyncEnumerable<WatchNotification<V1ConfigMap>> WatchAsync(string resourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add($"watch@{resourceVersion}");
        }

        var session = new WatchSession(resourceVersion);
        await _sessions.Writer.WriteAsync(session, cancellationToken);
        await foreach (var step in session.Steps.Reader.ReadAllAsync(cancellationToken))
        {
            if (step.Failure is not null)
            {
                throw step.Failure;
            }

            yield return step.Notification!;
        }
    }

    internal sealed class WatchSession(string resourceVersion)
    {
        public string ResourceVersion { get; } = resourceVersion;

        internal Channel<(WatchNotification<V1ConfigMap>? Notification, Exception? Failure)> Steps { get; } =
            Channel.CreateUnbounded<(WatchNotification<V1ConfigMap>?, Exception?)>();

        public void Send(WatchEventType type, V1ConfigMap item) => Steps.Writer.TryWrite((new(type, item, item.Metadata.ResourceVersion), null));

        public void Bookmark(string resourceVersion) => Steps.Writer.TryWrite((new(WatchEventType.Bookmark, null, resourceVersion), null));

        public void Expire() => Steps.Writer.TryWrite((new(WatchEventType.Error, null, null, new V1Status { Code = 410, Reason = "Expired" }), null));

        public void Drop() => Steps.Writer.TryWrite((null, new HttpRequestException("connection reset by peer")));

        public void RejectAsTooLarge() => Steps.Writer.TryWrite((null, new KubeApiException(
            (HttpStatusCode)504,
            new V1Status { Code = 504, Reason = "Timeout", Details = new V1StatusDetails { Causes = [new V1StatusCause { Reason = "ResourceVersionTooLarge", Message = "Too large resource version" }] } },
            "GET",
            "configmaps")));

        public void RejectAsGone() => Steps.Writer.TryWrite((null, new KubeApiException(HttpStatusCode.Gone, null, "GET", "configmaps")));

        public void Close() => Steps.Writer.TryComplete();
    }
}
