namespace AcrOperator.Runtime.Kube;

/// <summary>
/// One grant of the operator's declared access, an RBAC PolicyRule in the operator's terms: the verbs on the resources of one
/// group, why the code needs them, and where.
/// </summary>
public sealed record KubeAccessRule(string Group, IReadOnlyList<string> Resources, IReadOnlyList<string> Verbs, string Why)
{
    /// <summary>Granted only in the operator's own namespace (a Role there), not cluster-wide.</summary>
    public bool OperatorNamespaceOnly { get; init; }

    /// <summary>
    /// Asked for by the API server's admission on the operator's behalf, never sent as a request of its own (such as update
    /// on <c>registries/finalizers</c>); a request log cannot show it.
    /// </summary>
    public bool AdmissionOnly { get; init; }

    public IEnumerable<KubeAccess> Expand() =>
        from resource in Resources
        from verb in Verbs
        select new KubeAccess(Group, resource, verb);
}
