using AcrOperator.Runtime.Manager;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AcrOperator.Observability;

/// <summary>
/// Readiness: a standby replica is ready (it is healthy and waiting for the lease); a leading replica
/// is ready once its caches have synced, so a rollout does not move on while the new leader is blind.
/// </summary>
public sealed class ManagerHealthCheck(ControllerManager manager) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(manager.State switch
        {
            ManagerState.Standby => HealthCheckResult.Healthy("standing by for leadership"),
            ManagerState.Running => HealthCheckResult.Healthy("controllers running"),
            ManagerState.Syncing => HealthCheckResult.Unhealthy("caches are syncing"),
            _ => HealthCheckResult.Unhealthy("controllers stopped"),
        });
}
