using System.Collections.Concurrent;
using System.Globalization;
using AcrOperator.Azure;
using AcrOperator.Controllers.PullSecrets;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Queue;
using Prometheus;

namespace AcrOperator.Observability;

/// <summary>
/// Prometheus metrics under controller-runtime's and client-go's names, so the dashboards and alerts
/// platform teams already run for Go operators work for this one unchanged.
/// </summary>
public sealed class OperatorMetrics : IControllerMetrics, IArmMetrics, IPullSecretMetrics
{
    private static readonly double[] ReconcileBuckets =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];

    private static readonly double[] QueueBuckets = Histogram.ExponentialBuckets(1e-8, 10, 10);

    private readonly Counter _reconcileTotal;
    private readonly Counter _reconcileErrors;
    private readonly Counter _terminalErrors;
    private readonly Histogram _reconcileTime;
    private readonly Gauge _activeWorkers;
    private readonly Gauge _maxConcurrent;
    private readonly Gauge _queueDepth;
    private readonly Counter _queueAdds;
    private readonly Counter _queueRetries;
    private readonly Histogram _queueDuration;
    private readonly Histogram _workDuration;
    private readonly Gauge _leader;
    private readonly Counter _armRequests;
    private readonly Histogram _armDuration;
    private readonly Counter _armRateLimited;
    private readonly Gauge _pullSecretsManaged;
    private readonly Gauge _credentialExpiry;
    private readonly Counter _rotations;
    private readonly Counter _pullSecretFailures;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public OperatorMetrics(CollectorRegistry registry, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _time = time ?? TimeProvider.System;
        var factory = Metrics.WithCustomRegistry(registry);
        _reconcileTotal = factory.CreateCounter("controller_runtime_reconcile_total", "Total number of reconciliations per controller", "controller", "result");
        _reconcileErrors = factory.CreateCounter("controller_runtime_reconcile_errors_total", "Total number of reconciliation errors per controller", "controller");
        _terminalErrors = factory.CreateCounter("controller_runtime_terminal_reconcile_errors_total", "Total number of terminal reconciliation errors per controller", "controller");
        _reconcileTime = factory.CreateHistogram("controller_runtime_reconcile_time_seconds", "Length of time per reconciliation per controller", new HistogramConfiguration { LabelNames = ["controller"], Buckets = ReconcileBuckets });
        _activeWorkers = factory.CreateGauge("controller_runtime_active_workers", "Number of currently used workers per controller", "controller");
        _maxConcurrent = factory.CreateGauge("controller_runtime_max_concurrent_reconciles", "Maximum number of concurrent reconciles per controller", "controller");
        _queueDepth = factory.CreateGauge("workqueue_depth", "Current depth of workqueue", "name", "controller");
        _queueAdds = factory.CreateCounter("workqueue_adds_total", "Total number of adds handled by workqueue", "name", "controller");
        _queueRetries = factory.CreateCounter("workqueue_retries_total", "Total number of retries handled by workqueue", "name", "controller");
        _queueDuration = factory.CreateHistogram("workqueue_queue_duration_seconds", "How long in seconds an item stays in workqueue before being requested", new HistogramConfiguration { LabelNames = ["name", "controller"], Buckets = QueueBuckets });
        _workDuration = factory.CreateHistogram("workqueue_work_duration_seconds", "How long in seconds processing an item from workqueue takes", new HistogramConfiguration { LabelNames = ["name", "controller"], Buckets = QueueBuckets });
        _leader = factory.CreateGauge("leader_election_master_status", "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master", "name");
        _armRequests = factory.CreateCounter("acr_operator_arm_requests_total", "ARM HTTP attempts by operation and status code (0: no response)", "operation", "code");
        _armDuration = factory.CreateHistogram("acr_operator_arm_request_duration_seconds", "Duration of ARM HTTP attempts by operation", new HistogramConfiguration { LabelNames = ["operation"], Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        _armRateLimited = factory.CreateCounter("acr_operator_arm_rate_limited_total", "ARM calls that waited for or were refused by the per-subscription rate limiter", "operation");
        _pullSecretsManaged = factory.CreateGauge("acr_operator_pull_secrets_managed", "Pull Secrets holding the Registry's current credential", "registry");
        _credentialExpiry = factory.CreateGauge("acr_operator_pull_secret_credential_expiry_seconds", "Seconds until the credential in the Registry's pull Secrets expires (negative: expired)", "registry");
        _rotations = factory.CreateCounter("acr_operator_pull_secret_rotations_total", "New pull-secret credentials issued, by reason (first issue, rotation due, requested, changed outside)", "registry", "reason");
        _pullSecretFailures = factory.CreateCounter("acr_operator_pull_secret_failures_total", "Pull-secret passes that met a problem, by condition reason", "registry", "reason");

        // Seconds until expiry move with the clock, not with reconciles: computed at each scrape.
        registry.AddBeforeCollectCallback(() =>
        {
            var now = _time.GetUtcNow();
            foreach (var (name, expires) in _expiries)
            {
                _credentialExpiry.WithLabels(name).Set((expires - now).TotalSeconds);
            }
        });
    }

    public void WorkersConfigured(string controller, int workers) => _maxConcurrent.WithLabels(controller).Set(workers);

    public void WorkerBusy(string controller, bool busy)
    {
        if (busy)
        {
            _activeWorkers.WithLabels(controller).Inc();
        }
        else
        {
            _activeWorkers.WithLabels(controller).Dec();
        }
    }

    public void Reconciled(string controller, ReconcileOutcome outcome, TimeSpan duration)
    {
        var result = outcome switch
        {
            ReconcileOutcome.Success => "success",
            ReconcileOutcome.RequeueAfter => "requeue_after",
            _ => "error",
        };
        _reconcileTotal.WithLabels(controller, result).Inc();
        if (outcome is ReconcileOutcome.Error or ReconcileOutcome.TerminalError)
        {
            _reconcileErrors.WithLabels(controller).Inc();
        }

        if (outcome == ReconcileOutcome.TerminalError)
        {
            _terminalErrors.WithLabels(controller).Inc();
        }

        _reconcileTime.WithLabels(controller).Observe(duration.TotalSeconds);
    }

    public void LeaderStatus(string lease, bool isLeader) => _leader.WithLabels(lease).Set(isLeader ? 1 : 0);

    public void RequestCompleted(string operation, int status, TimeSpan duration)
    {
        _armRequests.WithLabels(operation, status.ToString(CultureInfo.InvariantCulture)).Inc();
        _armDuration.WithLabels(operation).Observe(duration.TotalSeconds);
    }

    public void RateLimited(string operation, TimeSpan wait) => _armRateLimited.WithLabels(operation).Inc();

    public void ManagedSecrets(string registry, int count) => _pullSecretsManaged.WithLabels(registry).Set(count);

    public void CredentialExpiry(string registry, DateTimeOffset? expiresAt)
    {
        if (expiresAt is { } at)
        {
            _expiries[registry] = at;
        }
        else if (_expiries.TryRemove(registry, out _))
        {
            _credentialExpiry.RemoveLabelled(registry);
        }
    }

    public void Rotated(string registry, string reason) => _rotations.WithLabels(registry, reason).Inc();

    public void Failed(string registry, string reason) => _pullSecretFailures.WithLabels(registry, reason).Inc();

    public void Forget(string registry)
    {
        CredentialExpiry(registry, null);
        _pullSecretsManaged.RemoveLabelled(registry);
    }

    /// <summary>The metrics of one controller's queue; controller-runtime names the queue after its controller.</summary>
    public IWorkQueueMetrics ForQueue(string controller) => new QueueMetrics(this, controller);

    private sealed class QueueMetrics(OperatorMetrics metrics, string controller) : IWorkQueueMetrics
    {
        public void Added() => metrics._queueAdds.WithLabels(controller, controller).Inc();

        public void DepthChanged(int depth) => metrics._queueDepth.WithLabels(controller, controller).Set(depth);

        public void Retried() => metrics._queueRetries.WithLabels(controller, controller).Inc();

        public void Waited(TimeSpan duration) => metrics._queueDuration.WithLabels(controller, controller).Observe(duration.TotalSeconds);

        public void Processed(TimeSpan duration) => metrics._workDuration.WithLabels(controller, controller).Observe(duration.TotalSeconds);
    }
}
