namespace AcrOperator.Runtime.LeaderElection;

/// <summary>
/// Settings for <see cref="LeaderElector"/>. Durations default to client-go's and controller-runtime's.
/// Validated by <see cref="LeaderElectionOptionsValidator"/>.
/// </summary>
public sealed class LeaderElectionOptions
{
    public string LeaseName { get; set; } = "acr-operator-leader";

    /// <summary>Usually the operator's own namespace (the pod's <c>metadata.namespace</c>).</summary>
    public string LeaseNamespace { get; set; } = string.Empty;

    /// <summary>
    /// Unique per process, as in controller-runtime: a restarted pod must not inherit its previous
    /// incarnation's leadership without going through acquisition.
    /// </summary>
    public string Identity { get; set; } = $"{Environment.MachineName}_{Guid.NewGuid()}";

    /// <summary>How long non-leaders wait after the last observed change of the lease before taking it.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives leadership up.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Interval between acquire attempts (jittered) and between renewals.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Clear the lease when leadership ends so another replica can take over at once instead of waiting
    /// for the lease to expire. On by default, unlike client-go's, because here it is always safe:
    /// <see cref="LeaderElector"/> releases only after the leading callback has returned.
    /// </summary>
    public bool ReleaseOnCancel { get; set; } = true;
}
