using AcrOperator.Observability;
using AcrOperator.Runtime.Controllers;
using Prometheus;

namespace AcrOperator.Tests.Observability;

public sealed class OperatorMetricsTests
{
    [Fact]
    public async Task Reconciles_and_queue_activity_are_exported_under_controller_runtime_names()
    {
        var registry = Metrics.NewCustomRegistry();
        var metrics = new OperatorMetrics(registry);
        metrics.WorkersConfigured("registry", 2);
        metrics.Reconciled("registry", ReconcileOutcome.Success, TimeSpan.FromMilliseconds(40));
        metrics.Reconciled("registry", ReconcileOutcome.RequeueAfter, TimeSpan.FromMilliseconds(40));
        metrics.Reconciled("registry", ReconcileOutcome.TerminalError, TimeSpan.FromMilliseconds(40));
        var queue = metrics.ForQueue("registry");
        queue.Added();
        queue.DepthChanged(3);
        queue.Retried();
        metrics.LeaderStatus("acr-operator-leader", isLeader: true);

        var text = await ExportAsync(registry);

        Assert.Contains("""controller_runtime_reconcile_total{controller="registry",result="success"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""controller_runtime_reconcile_total{controller="registry",result="requeue_after"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""controller_runtime_reconcile_total{controller="registry",result="error"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""controller_runtime_reconcile_errors_total{controller="registry"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""controller_runtime_terminal_reconcile_errors_total{controller="registry"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""controller_runtime_reconcile_time_seconds_count{controller="registry"} 3""", text, StringComparison.Ordinal);
        Assert.Contains("""controller_runtime_max_concurrent_reconciles{controller="registry"} 2""", text, StringComparison.Ordinal);
        Assert.Contains("""workqueue_depth{name="registry",controller="registry"} 3""", text, StringComparison.Ordinal);
        Assert.Contains("""workqueue_adds_total{name="registry",controller="registry"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""workqueue_retries_total{name="registry",controller="registry"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""leader_election_master_status{name="acr-operator-leader"} 1""", text, StringComparison.Ordinal);
    }

    private static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
