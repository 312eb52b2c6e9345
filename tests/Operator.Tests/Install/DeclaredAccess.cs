using AcrOperator.Controllers;
using AcrOperator.Runtime.Kube;

namespace AcrOperator.Tests.Install;

/// <summary>The operator's declared access (<see cref="OperatorAccess"/>) as the two sets a role and a binding can grant, and the comparison of a role with it.</summary>
internal static class DeclaredAccess
{
    public static ISet<KubeAccess> ClusterWide { get; } = new HashSet<KubeAccess>(OperatorAccess.Rules.Where(r => !r.OperatorNamespaceOnly).SelectMany(r => r.Expand()));

    public static ISet<KubeAccess> InOperatorNamespace { get; } = new HashSet<KubeAccess>(OperatorAccess.Rules.Where(r => r.OperatorNamespaceOnly).SelectMany(r => r.Expand()));

    /// <summary>Fails, naming each difference, unless the manifests grant the operator's account exactly the declared access.</summary>
    public static void AssertGrantedExactly(RbacManifests manifests, string source)
    {
        var account = manifests.OperatorServiceAccount;
        var @namespace = account.Metadata.NamespaceProperty;
        AssertSame(ClusterWide, manifests.ClusterWideGrants(account), $"{source}: cluster-wide grants of ServiceAccount {@namespace}/{account.Metadata.Name}");
        AssertSame(InOperatorNamespace, manifests.NamespaceGrants(account, @namespace), $"{source}: grants in the operator's namespace {@namespace}");
    }

    private static void AssertSame(ISet<KubeAccess> declared, ISet<KubeAccess> granted, string what)
    {
        var missing = declared.Except(granted).Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        var extra = granted.Except(declared).Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0,
            $"{what} differ from OperatorAccess.\n  the role lacks: {string.Join(", ", missing)}\n  the role grants more: {string.Join(", ", extra)}");
    }
}
