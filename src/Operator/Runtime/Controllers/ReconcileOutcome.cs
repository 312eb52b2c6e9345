namespace AcrOperator.Runtime.Controllers;

/// <summary>The result label of controller_runtime_reconcile_total.</summary>
public enum ReconcileOutcome
{
    Success,
    RequeueAfter,
    Error,
    TerminalError,
}
