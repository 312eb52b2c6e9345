using k8s;
using k8s.Models;

namespace AcrOperator.Runtime.Events;

/// <summary>
/// Records a Kubernetes Event on an object. Never blocks and never throws into a reconcile: events are
/// for humans, and losing one must not fail the work it describes. Messages must never hold secrets.
/// </summary>
public interface IEventRecorder
{
    void Record(IKubernetesObject<V1ObjectMeta> regarding, EventType type, string reason, string message);
}
