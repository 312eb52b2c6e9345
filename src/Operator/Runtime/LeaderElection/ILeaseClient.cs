using k8s.Models;

namespace AcrOperator.Runtime.LeaderElection;

/// <summary>
/// The Lease reads and writes leader election needs, narrow so tests can run it in memory.
/// Writes are optimistic: they fail with <see cref="LeaseConflictException"/> when someone else wrote first.
/// </summary>
public interface ILeaseClient
{
    /// <summary>Reads the lease, or returns <see langword="null"/> when it does not exist.</summary>
    Task<V1Lease?> GetAsync(string leaseNamespace, string leaseName, CancellationToken cancellationToken);

    /// <summary>Creates the lease; throws <see cref="LeaseConflictException"/> if it already exists.</summary>
    Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the lease if its <c>metadata.resourceVersion</c> is still the one given; throws
    /// <see cref="LeaseConflictException"/> otherwise.
    /// </summary>
    Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken);
}
