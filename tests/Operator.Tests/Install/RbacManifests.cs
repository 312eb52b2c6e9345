using AcrOperator.Runtime.Kube;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Install;

/// <summary>
/// The RBAC objects of a set of manifests (config/rbac, a kustomize build, a rendered chart), and what they grant a
/// ServiceAccount: the rules of the ClusterRoles bound to it cluster-wide, and of the Roles bound to it in its namespace.
/// Rules are expanded to (group, resource, verb) as written, so a wildcard shows up as an extra grant named "*".
/// </summary>
internal sealed class RbacManifests
{
    private RbacManifests(IReadOnlyList<object> objects)
    {
        ClusterRoles = [.. objects.OfType<V1ClusterRole>()];
        ClusterRoleBindings = [.. objects.OfType<V1ClusterRoleBinding>()];
        Roles = [.. objects.OfType<V1Role>()];
        RoleBindings = [.. objects.OfType<V1RoleBinding>()];
        ServiceAccounts = [.. objects.OfType<V1ServiceAccount>()];
    }

    public IReadOnlyList<V1ClusterRole> ClusterRoles { get; }

    public IReadOnlyList<V1ClusterRoleBinding> ClusterRoleBindings { get; }

    public IReadOnlyList<V1Role> Roles { get; }

    public IReadOnlyList<V1RoleBinding> RoleBindings { get; }

    public IReadOnlyList<V1ServiceAccount> ServiceAccounts { get; }

    /// <summary>Every object of the YAML streams, typed by kind (unknown kinds are skipped).</summary>
    public static RbacManifests Parse(IEnumerable<string> yamlStreams)
    {
        var objects = new List<object>();
        foreach (var yaml in yamlStreams)
        {
            foreach (var document in yaml.Split(["\n---\n", "\n---\r\n"], StringSplitOptions.RemoveEmptyEntries))
            {
                if (!document.Contains("kind:", StringComparison.Ordinal))
                {
                    continue;
                }

                var kind = document.Split('\n').FirstOrDefault(l => l.StartsWith("kind:", StringComparison.Ordinal))?[5..].Trim();
                if (kind is "ClusterRole" or "ClusterRoleBinding" or "Role" or "RoleBinding" or "ServiceAccount")
                {
                    objects.Add(KubernetesYaml.LoadAllFromString(document).Single());
                }
            }
        }

        return new RbacManifests(objects);
    }

    public static RbacManifests FromDirectory(string directory) =>
        Parse(Directory.GetFiles(directory, "*.yaml").Where(f => !Path.GetFileName(f).StartsWith("kustomization", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(File.ReadAllText));

    /// <summary>The one ServiceAccount of the manifests (the operator's).</summary>
    public V1ServiceAccount OperatorServiceAccount => Assert.Single(ServiceAccounts);

    /// <summary>What the ClusterRoles bound to the account by ClusterRoleBindings grant, everywhere.</summary>
    public ISet<KubeAccess> ClusterWideGrants(V1ServiceAccount account)
    {
        var roles = ClusterRoleBindings
            .Where(b => Binds(b.Subjects, account, bindingNamespace: null) && b.RoleRef.Kind == "ClusterRole")
            .Select(b => ClusterRoles.SingleOrDefault(r => r.Metadata.Name == b.RoleRef.Name)
                ?? throw new InvalidOperationException($"ClusterRoleBinding {b.Metadata.Name} names ClusterRole {b.RoleRef.Name}, which the manifests lack"));
        return Expand(roles.SelectMany(r => r.Rules ?? []));
    }

    /// <summary>What the Roles (or ClusterRoles) bound to the account by RoleBindings in <paramref name="namespace"/> grant there.</summary>
    public ISet<KubeAccess> NamespaceGrants(V1ServiceAccount account, string @namespace)
    {
        var rules = new List<V1PolicyRule>();
        foreach (var binding in RoleBindings.Where(b => b.Metadata.NamespaceProperty == @namespace && Binds(b.Subjects, account, @namespace)))
        {
            rules.AddRange(binding.RoleRef.Kind == "Role"
                ? (Roles.SingleOrDefault(r => r.Metadata.Name == binding.RoleRef.Name && r.Metadata.NamespaceProperty == @namespace)
                    ?? throw new InvalidOperationException($"RoleBinding {binding.Metadata.Name} names Role {binding.RoleRef.Name}, which namespace {@namespace} lacks")).Rules ?? []
                : ClusterRoles.Single(r => r.Metadata.Name == binding.RoleRef.Name).Rules ?? []);
        }

        return Expand(rules);
    }

    public static ISet<KubeAccess> Expand(IEnumerable<V1PolicyRule> rules) =>
        new HashSet<KubeAccess>(
            from rule in rules
            from @group in rule.ApiGroups ?? []
            from resource in rule.Resources ?? []
            from verb in rule.Verbs
            select new KubeAccess(@group, resource, verb));

    private static bool Binds(IList<Rbacv1Subject>? subjects, V1ServiceAccount account, string? bindingNamespace) =>
        subjects?.Any(s => s.Kind == "ServiceAccount"
            && s.Name == account.Metadata.Name
            && (s.NamespaceProperty ?? bindingNamespace) == account.Metadata.NamespaceProperty) == true;
}
