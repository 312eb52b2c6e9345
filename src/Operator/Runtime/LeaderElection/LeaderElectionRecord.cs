using k8s.Models;

namespace AcrOperator.Runtime.LeaderElection;

/// <summary>
/// The part of a Lease spec that leader election reads and writes. Its value equality is how the elector
/// notices that the lease changed, which restarts the local clock it judges expiry by.
/// </summary>
internal sealed record LeaderElectionRecord(
    string? HolderIdentity,
    int? LeaseDurationSeconds,
    DateTime? AcquireTime,
    DateTime? RenewTime,
    int? LeaseTransitions)
{
    /// <summary>client-go writes an empty holder on release; an absent one means the same.</summary>
    public bool IsHeld => !string.IsNullOrEmpty(HolderIdentity);

    public static LeaderElectionRecord From(V1LeaseSpec? spec) => new(
        spec?.HolderIdentity, spec?.LeaseDurationSeconds, spec?.AcquireTime, spec?.RenewTime, spec?.LeaseTransitions);

    /// <summary>Carries over the fields this elector does not own (coordinated leader election's).</summary>
    public V1LeaseSpec ToSpec(V1LeaseSpec? current) => new()
    {
        HolderIdentity = HolderIdentity,
        LeaseDurationSeconds = LeaseDurationSeconds,
        AcquireTime = AcquireTime,
        RenewTime = RenewTime,
        LeaseTransitions = LeaseTransitions,
        Strategy = current?.Strategy,
        PreferredHolder = current?.PreferredHolder,
    };
}
