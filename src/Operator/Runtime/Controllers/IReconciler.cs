namespace AcrOperator.Runtime.Controllers;

/// <summary>
/// Converges one object, identified by key only: it re-reads whatever it needs, so a reconcile for an
/// object that changed several times, or was deleted, does the right thing once.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken);
}
