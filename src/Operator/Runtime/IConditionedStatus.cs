using k8s.Models;

namespace AcrOperator.Runtime;

/// <summary>
/// The part of a custom resource's status the runtime reads and writes: kstatus-style conditions and
/// the generation the last full reconcile saw.
/// </summary>
public interface IConditionedStatus
{
    long? ObservedGeneration { get; set; }

    IList<V1Condition> Conditions { get; set; }
}
