namespace AcrOperator.Runtime.Controllers;

/// <summary>What a controller reports; the Prometheus implementation uses controller-runtime's names.</summary>
public interface IControllerMetrics
{
    void WorkersConfigured(string controller, int workers);

    void WorkerBusy(string controller, bool busy);

    void Reconciled(string controller, ReconcileOutcome outcome, TimeSpan duration);
}
