using System.Globalization;
using AcrOperator.Runtime.LeaderElection;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Runtime.LeaderElection;

/// <summary>
/// An API server's Lease store in memory: copies on every read and write (through JSON, as over the wire),
/// assigns a new resourceVersion on every write and rejects stale ones, as the real one does.
/// </summary>
public sealed class InMemoryLeaseClient : ILeaseClient
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Namespace, string Name), V1Lease> _leases = [];
    private long _resourceVersion;

    /// <summary>When set, every call fails as if the API server were unreachable.</summary>
    public bool Unreachable { get; set; }

    public int Conflicts { get; private set; }

    public Task<V1Lease?> GetAsync(string leaseNamespace, string leaseName, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfUnreachable();
            return Task.FromResult(_leases.TryGetValue((leaseNamespace, leaseName), out var lease) ? Copy(lease) : null);
        }
    }

    public Task<V1Lease> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfUnreachable();
            if (_leases.ContainsKey(Key(lease)))
            {
                Conflicts++;
                throw new LeaseConflictException("exists");
            }

            return Task.FromResult(Store(lease));
        }
    }

    public Task<V1Lease> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ThrowIfUnreachable();
            var stored = _leases[Key(lease)];
            if (lease.ResourceVersion() != stored.ResourceVersion())
            {
                Conflicts++;
                throw new LeaseConflictException("stale resourceVersion");
            }

            return Task.FromResult(Store(lease));
        }
    }

    /// <summary>What the store holds now, for assertions.</summary>
    public V1Lease? Peek(string leaseNamespace, string leaseName)
    {
        lock (_gate)
        {
            return _leases.TryGetValue((leaseNamespace, leaseName), out var lease) ? Copy(lease) : null;
        }
    }

    /// <summary>A write by someone other than the elector under test (another replica, kubectl).</summary>
    public V1Lease Put(V1Lease lease)
    {
        lock (_gate)
        {
            return Store(lease);
        }
    }

    private V1Lease Store(V1Lease lease)
    {
        var stored = Copy(lease);
        stored.Metadata.ResourceVersion = (++_resourceVersion).ToString(CultureInfo.InvariantCulture);
        _leases[Key(stored)] = stored;
        return Copy(stored);
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new HttpRequestException("API server unreachable (injected)");
        }
    }

    private static (string, string) Key(V1Lease lease) => (lease.Namespace(), lease.Name());

    private static V1Lease Copy(V1Lease lease) => KubernetesJson.Deserialize<V1Lease>(KubernetesJson.Serialize(lease));
}
