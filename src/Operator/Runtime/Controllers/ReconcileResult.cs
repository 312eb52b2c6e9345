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

    /// <summary>Whichever of the two wakes sooner (a requeue beats none): for a pass that converges and also polls.</summary>
    public ReconcileResult Sooner(ReconcileResult other) =>
        RequeueAfter is not { } mine ? other : other.RequeueAfter is not { } theirs ? this : After(mine < theirs ? mine : theirs);

    /// <summary><see cref="Sooner(ReconcileResult)"/> with a result that may be absent.</summary>
    public ReconcileResult Sooner(ReconcileResult? other) => other is { } result ? Sooner(result) : this;
}
