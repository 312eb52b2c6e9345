namespace AcrOperator.Runtime.Kube;

/// <summary>
/// What RBAC authorizes a resource request by: API group, resource (with its subresource, <c>registries/status</c>) and
/// verb. Namespace and name are left out: a ClusterRole grants these in every namespace.
/// </summary>
public sealed record KubeAccess(string Group, string Resource, string Verb)
{
    public override string ToString() => $"{Verb} {Resource}{(Group.Length == 0 ? string.Empty : "." + Group)}";
}
