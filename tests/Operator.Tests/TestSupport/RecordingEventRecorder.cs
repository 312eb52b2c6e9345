using System.Collections.Concurrent;
using AcrOperator.Runtime.Events;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.TestSupport;

/// <summary>Keeps the reason and message of every Event a reconciler records, in order.</summary>
internal sealed class RecordingEventRecorder(ConcurrentQueue<(string Reason, string Message)> events) : IEventRecorder
{
    public void Record(IKubernetesObject<V1ObjectMeta> regarding, EventType type, string reason, string message) => events.Enqueue((reason, message));
}
