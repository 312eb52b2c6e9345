using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace AcrOperator.Runtime.LeaderElection;

/// <summary><see cref="ILeaseClient"/> on the API server's <c>coordination.k8s.io/v1</c> Lease endpoints.</summary>
public sealed class KubernetesLeaseClient(IKubernetes kubernetes) : ILeaseClient
{
    public async Task<V1Lease?> GetAsync(string leaseNamespace, string leaseName, CancellationToken cancellationToken)
    {
        try
        {
            return await kubernetes.CoordinationV1.ReadNamespacedLeaseAsync(
                leaseName, leaseNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            return await kubernetes.CoordinationV1.CreateNamespacedLeaseAsync(
                lease, lease.Namespace(), cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new LeaseConflictException($"Lease {lease.Namespace()}/{lease.Name()} already exists.", e);
        }
    }

    public async Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            return await kubernetes.CoordinationV1.ReplaceNamespacedLeaseAsync(
                lease, lease.Name(), lease.Namespace(), cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw new LeaseConflictException(
                $"Lease {lease.Namespace()}/{lease.Name()} changed since resourceVersion {lease.ResourceVersion()}.", e);
        }
    }
}
