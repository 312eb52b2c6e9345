namespace AcrOperator.Runtime.Controllers;

/// <summary>
/// What a reconcile asks of the controller afterwards. Errors are not results: a reconciler throws, and
/// the controller retries with per-key backoff (or stops, for <see cref="TerminalReconcileException"/>).
/// </summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    /// <summary>Converged; wake again only on a watch event.</summary>
    public static ReconcileResult Done => default;

    /// <summary>Poll again after <paramref name="delay"/>: a pending Azure operation, a periodic resync.</summary>
    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
