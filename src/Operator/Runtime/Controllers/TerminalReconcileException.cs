namespace AcrOperator.Runtime.Controllers;

/// <summary>
/// A failure that retrying cannot fix (an invalid spec, a permission a human must grant). The controller
/// stops retrying the key until the next watch event; the reconciler reports why in a Stalled condition.
/// </summary>
public sealed class TerminalReconcileException : Exception
{
    public TerminalReconcileException()
    {
    }

    public TerminalReconcileException(string message)
        : base(message)
    {
    }

    public TerminalReconcileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
