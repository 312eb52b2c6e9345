using AcrOperator.Runtime.Manager;

namespace AcrOperator.Observability;

/// <summary>
/// Readiness: a standby replica is ready (it is healthy and waiting for the lease); a leading replica
/// is ready once its caches have synced, so a rollout does not move on while the new leader is blind.
/// </summary>
public sealed class ManagerHealthCheck(ControllerManager manager)
{
    public bool IsReady => manager.State is ManagerState.Standby or ManagerState.Running;
}
