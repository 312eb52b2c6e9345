namespace AcrOperator.Runtime.Kube;

/// <summary>
/// The access the operator declares it needs, checked by <see cref="KubeApiClient"/> before each request. A request outside
/// it fails as the API server's RBAC would fail it (403), in every test that runs the operator, so code cannot call what the
/// shipped ClusterRole does not grant, and the RBAC tests hold the role equal to this declaration.
/// </summary>
public sealed class KubeAccessPolicy
{
    private readonly HashSet<KubeAccess> _clusterWide;
    private readonly HashSet<KubeAccess> _inOperatorNamespace;

    public KubeAccessPolicy(IReadOnlyList<KubeAccessRule> rules, string operatorNamespace)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrEmpty(operatorNamespace);
        Rules = rules;
        OperatorNamespace = operatorNamespace;
        _clusterWide = [.. rules.Where(r => !r.OperatorNamespaceOnly).SelectMany(r => r.Expand())];
        _inOperatorNamespace = [.. rules.Where(r => r.OperatorNamespaceOnly).SelectMany(r => r.Expand())];
    }

    public IReadOnlyList<KubeAccessRule> Rules { get; }

    /// <summary>Where the rules marked <see cref="KubeAccessRule.OperatorNamespaceOnly"/> apply.</summary>
    public string OperatorNamespace { get; }

    public bool Allows(KubeRequestAttributes request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _clusterWide.Contains(request.Access)
            || (request.Namespace == OperatorNamespace && _inOperatorNamespace.Contains(request.Access));
    }
}
