using AcrOperator.Tests.Integration;
using AcrOperator.Tests.TestSupport;
using k8s.Models;
using AcrOperator.Runtime.Kube;

namespace AcrOperator.Tests.Install;

/// <summary>
/// The README's two installs, applied with the real kubectl to the Kubernetes emulator: the rendered chart (CRDs included, as
/// <c>helm install</c> applies them) and <c>kubectl kustomize config/default</c>. The objects must land where and as expected.
/// </summary>
public sealed class InstallApplyTests
{
    private static readonly ResourceType Deployments = new("apps", "v1", "deployments", Namespaced: true);
    private static readonly ResourceType ClusterRoles = new("rbac.authorization.k8s.io", "v1", "clusterroles", Namespaced: false);
    private static readonly ResourceType RoleBindings = new("rbac.authorization.k8s.io", "v1", "rolebindings", Namespaced: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_rendered_chart_applies_with_kubectl_and_lands()
    {
        var kubectl = InstallTools.Kubectl();
        // --include-crds: the chart's crds/ first, as helm install applies them.
        var rendered = await InstallTools.RenderChartAsync("--include-crds", "workloadIdentity.enabled=true", "workloadIdentity.clientId=client-1");
        await using var cluster = await EmulatedCluster.StartAsync();

        await RunAsync(kubectl, cluster, ["create", "namespace", InstallTools.Namespace]);
        await ApplyAsync(kubectl, cluster, rendered);

        await AssertLandedAsync(cluster, deployment: "acr-operator", serviceAccount: "acr-operator", managerRole: "acr-operator-manager", leaderElectionBinding: "acr-operator-leader-election");
        var account = await cluster.Api.GetAsync<V1ServiceAccount>(ResourceType.ServiceAccounts, InstallTools.Namespace, "acr-operator", Ct);
        Assert.Equal("client-1", account!.Metadata.Annotations["azure.workload.identity/client-id"]);
        var deployment = await cluster.Api.GetAsync<V1Deployment>(Deployments, InstallTools.Namespace, "acr-operator", Ct);
        Assert.Equal("true", deployment!.Spec.Template.Metadata.Labels["azure.workload.identity/use"]);
    }

    [Fact]
    public async Task Kustomize_config_default_applies_with_kubectl_and_lands()
    {
        var kubectl = InstallTools.Kubectl();
        var built = await InstallTools.KustomizeDefaultAsync();
        await using var cluster = await EmulatedCluster.StartAsync();

        await ApplyAsync(kubectl, cluster, built);

        await AssertLandedAsync(
            cluster,
            deployment: "acr-operator-controller-manager",
            serviceAccount: "acr-operator-controller-manager",
            managerRole: "acr-operator-manager-role",
            leaderElectionBinding: "acr-operator-leader-election-rolebinding");
        // What kustomize built is what RBAC review sees: the operator's grants equal its declaration there too.
        DeclaredAccess.AssertGrantedExactly(RbacManifests.Parse([built]), "kubectl kustomize config/default");
    }

    private static async Task AssertLandedAsync(EmulatedCluster cluster, string deployment, string serviceAccount, string managerRole, string leaderElectionBinding)
    {
        foreach (var crd in new[] { "registries", "replications", "webhooks", "buildtasks" })
        {
            Assert.NotNull(await cluster.Api.GetAsync<V1CustomResourceDefinition>(ResourceType.CustomResourceDefinitions, null, $"{crd}.acr.operator.dev", Ct));
        }

        var landed = await cluster.Api.GetAsync<V1Deployment>(Deployments, InstallTools.Namespace, deployment, Ct);
        Assert.NotNull(landed);
        var pod = landed.Spec.Template.Spec;
        Assert.Equal(serviceAccount, pod.ServiceAccountName);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        var container = Assert.Single(pod.Containers);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal(8080, Assert.Single(container.Ports).ContainerPort);
        Assert.NotNull(container.Resources.Limits);
        Assert.NotNull(container.Resources.Requests);
        Assert.Contains(container.Env, e => e.Name == "Operator__Namespace" && e.ValueFrom?.FieldRef?.FieldPath == "metadata.namespace");

        Assert.NotNull(await cluster.Api.GetAsync<V1ServiceAccount>(ResourceType.ServiceAccounts, InstallTools.Namespace, serviceAccount, Ct));
        var role = await cluster.Api.GetAsync<V1ClusterRole>(ClusterRoles, null, managerRole, Ct);
        Assert.Contains(role!.Rules, r => r.Resources.Contains("registries/status"));
        var binding = await cluster.Api.GetAsync<V1RoleBinding>(RoleBindings, InstallTools.Namespace, leaderElectionBinding, Ct);
        Assert.Equal(serviceAccount, Assert.Single(binding!.Subjects).Name);
    }

    private static async Task ApplyAsync(string kubectl, EmulatedCluster cluster, string manifests)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("acr-install-").FullName, "install.yaml");
        await File.WriteAllTextAsync(file, manifests, Ct);
        await RunAsync(kubectl, cluster, ["apply", "--server-side=false", "-f", file]);
    }

    private static async Task RunAsync(string kubectl, EmulatedCluster cluster, string[] args)
    {
        var cache = Directory.CreateTempSubdirectory("kubectl-cache-").FullName;
        var (exit, stdout, stderr) = await ExternalCommand.RunAsync(kubectl, ["--kubeconfig", cluster.KubeconfigPath, "--cache-dir", cache, .. args]);
        Assert.True(exit == 0, $"kubectl {string.Join(' ', args)}: {stdout}\n{stderr}");
    }
}
