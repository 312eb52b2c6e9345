using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;

namespace AcrOperator.Tests.Runtime;

/// <summary>A reconciler whose behaviour per call is scripted by a test.</summary>
internal sealed class ScriptedReconciler(Func<ObjectKey, CancellationToken, Task<ReconcileResult>> behaviour) : IReconciler
{
    public List<ObjectKey> Calls { get; } = [];

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        lock (Calls)
        {
            Calls.Add(key);
        }

        return behaviour(key, cancellationToken);
    }
}
