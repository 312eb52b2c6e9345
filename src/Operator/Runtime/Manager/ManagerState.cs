namespace AcrOperator.Runtime.Manager;

public enum ManagerState
{
    /// <summary>Waiting to become leader (or not started).</summary>
    Standby,

    /// <summary>Leading; caches are filling.</summary>
    Syncing,

    /// <summary>Leading; controllers are running.</summary>
    Running,

    /// <summary>Controllers stopped (shutdown or lost leadership).</summary>
    Stopped,
}
