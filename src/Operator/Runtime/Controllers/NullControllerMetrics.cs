namespace AcrOperator.Runtime.Controllers;

public sealed class NullControllerMetrics : IControllerMetrics
{
    public static readonly NullControllerMetrics Instance = new();

    private NullControllerMetrics()
    {
    }

    public void WorkersConfigured(string controller, int workers)
    {
    }

    public void WorkerBusy(string controller, bool busy)
    {
    }

    public void Reconciled(string controller, ReconcileOutcome outcome, TimeSpan duration)
    {
    }
}
