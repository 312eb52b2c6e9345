using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Runtime.LeaderElection;

/// <summary><see cref="ILeaseClient"/> on the API server's <c>coordination.k8s.io/v1</c> Lease endpoints.</summary>
public sealed class KubernetesLeaseClient(KubeApiClient api) : ILeaseClient
{
    public Task<V1Lease?> GetAsync(string leaseNamespace, string leaseName, CancellationToken cancellationToken)
        => api.GetAsync<V1Lease>(ResourceType.Leases, leaseNamespace, leaseName, cancellationToken);

    public async Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            return await api.CreateAsync(ResourceType.Leases, lease.Namespace(), lease, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            throw new LeaseConflictException($"Lease {lease.Namespace()}/{lease.Name()} already exists.", e);
        }
    }

    public async Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            return await api.ReplaceAsync(ResourceType.Leases, lease.Namespace(), lease.Name(), lease, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.IsConflict)
        {
            throw new LeaseConflictException(
                $"Lease {lease.Namespace()}/{lease.Name()} changed since resourceVersion {lease.ResourceVersion()}.", e);
        }
    }
}
