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

    [Fact]
    public async Task Pull_secret_metrics_count_Secrets_rotations_and_failures_and_the_expiry_counts_down_with_the_clock()
    {
        var registry = Metrics.NewCustomRegistry();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var metrics = new OperatorMetrics(registry, time);
        metrics.ManagedSecrets("platform/prod", 12);
        metrics.CredentialExpiry("platform/prod", time.GetUtcNow().AddHours(1));
        metrics.Rotated("platform/prod", "RotationDue");
        metrics.Failed("platform/prod", "SecretConflict");

        var text = await ExportAsync(registry);
        Assert.Contains("""acr_operator_pull_secrets_managed{registry="platform/prod"} 12""", text, StringComparison.Ordinal);
        Assert.Contains("""acr_operator_pull_secret_credential_expiry_seconds{registry="platform/prod"} 3600""", text, StringComparison.Ordinal);
        Assert.Contains("""acr_operator_pull_secret_rotations_total{registry="platform/prod",reason="RotationDue"} 1""", text, StringComparison.Ordinal);
        Assert.Contains("""acr_operator_pull_secret_failures_total{registry="platform/prod",reason="SecretConflict"} 1""", text, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Contains("""acr_operator_pull_secret_credential_expiry_seconds{registry="platform/prod"} 2700""", await ExportAsync(registry), StringComparison.Ordinal);

        metrics.Forget("platform/prod");
        var forgotten = await ExportAsync(registry);
        Assert.DoesNotContain("""acr_operator_pull_secrets_managed{registry="platform/prod"}""", forgotten, StringComparison.Ordinal);
        Assert.DoesNotContain("""acr_operator_pull_secret_credential_expiry_seconds{registry="platform/prod"}""", forgotten, StringComparison.Ordinal);
    }

    private static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
