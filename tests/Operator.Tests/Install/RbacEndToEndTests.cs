using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.Status;
using AcrOperator.Tests.Api;
using AcrOperator.Tests.Integration;
using k8s.Models;

namespace AcrOperator.Tests.Install;

/// <summary>
/// The access derived from what the operator really sends: the operator runs as its own process against the Kubernetes
/// emulator through a scenario that touches every controller (a Registry fanning its pull secret out to another namespace and a
/// ServiceAccount, a Replication, a Webhook with its URI in a Secret, then all of it deleted), and every request the emulator
/// logged from it (by its User-Agent) is mapped to (group, resource, verb) and held against config/rbac. A controller added
/// later is covered the same way as soon as its calls run here or in any test that runs the operator: the operator's client
/// refuses what <see cref="OperatorAccess"/> does not declare, and the role must equal that declaration.
/// </summary>
public sealed class RbacEndToEndTests(PullSecretEnvironment env) : IClassFixture<PullSecretEnvironment>
{
    private const string Ns = PullSecretEnvironment.OperatorNamespace;
    private const string AppNamespace = "rbac-apps";

    /// <summary>
    /// Declared access this scenario does not make the operator send, each with the code path that does. Kept short: a
    /// declared access neither seen nor listed here fails the test as a grant nobody uses.
    /// </summary>
    private static readonly Dictionary<(string Resource, string Verb), string> RarePaths = new()
    {
        [("*acr*", "get")] = "StatusWriter reads the object again only after a status write conflicts (StatusWriterTests)",
        [("events", "patch")] = "EventRecorder patches an Event's count only when the same event repeats (EventRecorderTests)",
        [("secrets", "get")] = "PullSecretWriter reads a Secret only when its create conflicts; credentialsRef Secrets are read only when named",
        [("serviceaccounts", "get")] = "ServiceAccountPatcher reads a ServiceAccount that its cache does not hold yet",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_request_the_running_operator_sends_is_granted_by_config_rbac_and_every_grant_is_sent()
    {
        await env.RunAsync(RunScenarioAsync);

        var requests = env.Cluster.Server.RequestLog.Entries
            .Where(e => e.UserAgent.StartsWith("acr-operator/", StringComparison.Ordinal))
            .Select(e => KubeRequestAttributes.Of(e.Method, e.Path, e.IsWatch))
            .OfType<KubeRequestAttributes>()
            .ToList();
        Assert.NotEmpty(requests);

        var manifests = RbacManifests.FromDirectory(Path.Combine(RepoFiles.Root, "config", "rbac"));
        var account = manifests.OperatorServiceAccount;
        var clusterWide = manifests.ClusterWideGrants(account);
        // config/rbac names the operator's namespace "system" (kustomize sets the real one); here it is the operator's.
        var inOwnNamespace = manifests.NamespaceGrants(account, account.Metadata.NamespaceProperty);
        var refused = requests
            .Where(r => !clusterWide.Contains(r.Access) && !(r.Namespace == Ns && inOwnNamespace.Contains(r.Access)))
            .Select(r => $"{r.Access} in {r.Namespace ?? "(all namespaces)"}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(refused.Count == 0, "config/rbac lacks what the operator sent: " + string.Join(", ", refused));

        var sent = requests.Select(r => r.Access).ToHashSet();
        // Every kind has a controller and is part of the scenario: one the operator sent nothing about means either is missing.
        var uncontrolled = OperatorAccess.CustomResources.Where(kind => !sent.Any(a => a.Group == GroupVersion.Group && a.Resource == kind)).ToList();
        Assert.True(uncontrolled.Count == 0, "kinds the operator sent no request about (no controller, or left out of the scenario): " + string.Join(", ", uncontrolled));
        var unused = OperatorAccess.Rules
            .Where(rule => !rule.AdmissionOnly)
            .SelectMany(rule => rule.Expand())
            .Where(a => !sent.Contains(a))
            .Where(a => !RarePaths.ContainsKey((a.Group == GroupVersion.Group ? "*acr*" : a.Resource, a.Verb)))
            .Select(a => a.ToString())
            .ToList();
        Assert.True(unused.Count == 0, "declared and granted, but the operator never sent it (remove it, or name its code path in RarePaths): " + string.Join(", ", unused));
    }

    private async Task RunScenarioAsync()
    {
        // As installed: with leader election, so the Lease calls are part of what is checked.
        env.StopOperator();
        // Token passwords that live 10 s are rotated within the scenario: the stored credential and the pull Secrets are patched in place.
        env.StartOperator(new Dictionary<string, string> { ["Operator__LeaderElect"] = "true", ["Operator__PullSecrets__TokenPasswordLifetime"] = "00:00:10" });
        await env.CreateNamespaceAsync(AppNamespace, new Dictionary<string, string> { ["rbac-test"] = "pull" });
        await env.Cluster.Api.CreateAsync(
            ResourceType.ServiceAccounts, AppNamespace, new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "builder", NamespaceProperty = AppNamespace } }, Ct);

        var registry = await env.CreateRegistryAsync(Ns, "rbac-registry", new PullSecretSpec
        {
            Namespaces = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["rbac-test"] = "pull" } },
            ServiceAccounts = ["builder"],
        });
        await env.WaitForConditionAsync(Ns, registry.Metadata.Name, "True", timeoutSeconds: 60);
        await Eventually.TrueAsync(async () => (await env.ReadServiceAccountAsync(AppNamespace, "builder"))?.ImagePullSecrets?.Count == 1, 30);

        // The token password is rotated: its new password reaches the pull Secret by a patch, never delete-then-create.
        var pullSecret = $"{registry.Metadata.Name}-pull";
        await Eventually.TrueAsync(async () => await env.ReadSecretAsync(AppNamespace, pullSecret) is not null, 30);
        var first = (await env.ReadSecretAsync(AppNamespace, pullSecret))!;
        await Eventually.TrueAsync(async () => (await env.ReadSecretAsync(AppNamespace, pullSecret))?.Data[".dockerconfigjson"].SequenceEqual(first.Data[".dockerconfigjson"]) == false, 30);

        await env.Cluster.ApplySecretAsync(Ns, "rbac-hook", new Dictionary<string, string> { ["uri"] = "https://hooks.example.test/deploy" });
        await env.Cluster.Api.CreateAsync(WebhookResources.Webhooks, Ns, new Webhook
        {
            Metadata = new V1ObjectMeta { Name = "rbac-hook", NamespaceProperty = Ns },
            Spec = new WebhookSpec
            {
                RegistryRef = new RegistryRef { Name = registry.Metadata.Name },
                ServiceUriSecretRef = new SecretKeyRef { Name = "rbac-hook", Key = "uri" },
                Actions = [WebhookAction.Push],
            },
        }, Ct);
        // A Standard registry cannot replicate: the Replication is reconciled to a Stalled condition, which still writes status.
        await env.Cluster.Api.CreateAsync(ReplicationResources.Replications, Ns, new Replication
        {
            Metadata = new V1ObjectMeta { Name = "rbac-replica", NamespaceProperty = Ns },
            Spec = new ReplicationSpec { RegistryRef = new RegistryRef { Name = registry.Metadata.Name }, Location = "northeurope" },
        }, Ct);
        await Eventually.TrueAsync(async () => Conditions.IsTrue((await env.Cluster.Api.GetAsync<Webhook>(WebhookResources.Webhooks, Ns, "rbac-hook", Ct))?.Status.Conditions, ConditionTypes.Ready), 60);
        await Eventually.TrueAsync(async () => (await env.Cluster.Api.GetAsync<Replication>(ReplicationResources.Replications, Ns, "rbac-replica", Ct))?.Status.Conditions?.Count > 0, 60);

        await RunBuildTaskAsync(registry.Metadata.Name);

        await env.Cluster.Api.DeleteAsync(WebhookResources.Webhooks, Ns, "rbac-hook", Ct);
        await env.Cluster.Api.DeleteAsync(ReplicationResources.Replications, Ns, "rbac-replica", Ct);
        await env.Cluster.Api.DeleteAsync(RegistryResources.Registries, Ns, registry.Metadata.Name, Ct);
        await Eventually.TrueAsync(async () => await env.ReadRegistryAsync(Ns, registry.Metadata.Name) is null, 60);
        await Eventually.TrueAsync(async () => (await env.ReadServiceAccountAsync(AppNamespace, "builder"))?.ImagePullSecrets is not { Count: > 0 }, 30);
        await Eventually.TrueAsync(async () => (await env.Cluster.Api.GetAsync<Webhook>(WebhookResources.Webhooks, Ns, "rbac-hook", Ct)) is null, 30);
    }

    /// <summary>The config/samples BuildTask, with the Secrets it names, created, reconciled and deleted.</summary>
    private async Task RunBuildTaskAsync(string registryName)
    {
        var type = new ResourceType(GroupVersion.Group, GroupVersion.Version, BuildTask.KubePluralName, Namespaced: true);
        var task = k8s.KubernetesYaml.Deserialize<BuildTask>(RepoFiles.Read("config", "samples", "acr_v1alpha1_buildtask.yaml"));
        task.Metadata.NamespaceProperty = Ns;
        task.Spec.RegistryRef = new RegistryRef { Name = registryName };
        await env.Cluster.ApplySecretAsync(Ns, "github-payments-api", new Dictionary<string, string> { ["token"] = "ghp-sample" });
        await env.Cluster.ApplySecretAsync(Ns, "nuget-feed", new Dictionary<string, string> { ["token"] = "nuget-sample" });
        await env.Cluster.Api.CreateAsync(type, Ns, task, Ct);
        await Eventually.TrueAsync(async () => (await env.Cluster.Api.GetAsync<BuildTask>(type, Ns, task.Metadata.Name, Ct))?.Status.Conditions?.Count > 0, 60);
        await env.Cluster.Api.DeleteAsync(type, Ns, task.Metadata.Name, Ct);
        await Eventually.TrueAsync(async () => await env.Cluster.Api.GetAsync<BuildTask>(type, Ns, task.Metadata.Name, Ct) is null, 60);
    }
}
