using System.Collections.Concurrent;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.Status;
using AcrOperator.Tests.Azure;
using AcrOperator.Tests.Integration;
using AcrOperator.Tests.TestSupport;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcrOperator.Tests.Controllers;

/// <summary>
/// Both emulators over real HTTP, informers for Registries, Replications, Webhooks and BuildTasks on the Kubernetes one, and the
/// reconcilers driven by hand as in <see cref="RegistryHarness"/>: each pass first waits until the caches have caught
/// up with the API server. The Registry a child names is made Ready by the Registry reconciler, as in the operator.
/// </summary>
internal sealed class RegistryChildHarness : IAsyncDisposable
{
    public const string Namespace = "default";
    public const string RegistryName = "team-registry";
    public const string RegistryAzureName = "teamregistry";
    public const string HomeLocation = "westus";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _informerRuns = [];

    private RegistryChildHarness(EmulatedCluster cluster, ArmClientHarness arm)
    {
        Cluster = cluster;
        Arm = arm;
        Registries = Start<Registry>(RegistryResources.Registries);
        Replications = Start<Replication>(ReplicationResources.Replications);
        Webhooks = Start<Webhook>(WebhookResources.Webhooks);
        BuildTasks = Start<BuildTask>(BuildTaskResources.BuildTasks);
        RegistryRefResolver.RequeueChildren(Registries, Replications.Store, r => r.Spec.RegistryRef, Requeued.Enqueue);
        RegistryRefResolver.RequeueChildren(Registries, Webhooks.Store, w => w.Spec.RegistryRef, Requeued.Enqueue);
        SecretWatches = new ReferencedObjectWatches("webhook secrets", cluster.Api, ResourceType.Secrets, SecretChanged.Enqueue, TimeProvider.System, Arm.Loggers.CreateLogger<ReferencedObjectWatches>());
        _informerRuns.Add(SecretWatches.RunAsync(_stop.Token));
        var (factory, credentials, _) = Arm.CreateFactory();
        var resolver = new AzureCredentialsResolver(Cluster.Api, credentials, Arm.Loggers.CreateLogger<AzureCredentialsResolver>());
        var polls = OperationPollSchedule.From(new AzureOptions(), Arm.ClientTime);
        RegistryReconciler = new RegistryReconciler(
            Registries.Store, resolver, factory, new Finalizers(cluster.Api), new StatusWriter(cluster.Api), new RecordingEventRecorder(new ConcurrentQueue<(string, string)>()),
            new RegistryReconcilerOptions { DefaultSubscriptionId = ArmClientHarness.Subscription }, polls, TimeProvider.System, Arm.Loggers.CreateLogger<RegistryReconciler>());
        var services = new AzureReconcilerServices(resolver, factory, new Finalizers(cluster.Api), new StatusWriter(cluster.Api), new RecordingEventRecorder(Events), polls, TimeProvider.System);
        var registries = new RegistryRefResolver(Registries.Store);
        ReplicationReconciler = new ReplicationReconciler(Replications.Store, registries, services, Options, Arm.Loggers.CreateLogger<ReplicationReconciler>());
        WebhookReconciler = new WebhookReconciler(
            Webhooks.Store, registries, new WebhookSecrets(cluster.Api, SecretWatches), services, Options, Arm.Loggers.CreateLogger<WebhookReconciler>());
        BuildTaskReconciler = new BuildTaskReconciler(
            BuildTasks.Store, registries, new BuildTaskSecrets(new ReferencedSecrets(cluster.Api, SecretWatches)), services, Options, Arm.Loggers.CreateLogger<BuildTaskReconciler>());
    }

    public EmulatedCluster Cluster { get; }

    public ArmClientHarness Arm { get; }

    public Informer<Registry> Registries { get; }

    public Informer<Replication> Replications { get; }

    public Informer<Webhook> Webhooks { get; }

    public Informer<BuildTask> BuildTasks { get; }

    /// <summary>The watches on the Secrets webhooks name, running as in the operator.</summary>
    public ReferencedObjectWatches SecretWatches { get; }

    /// <summary>Webhooks the Secret watches reported a change for.</summary>
    public ConcurrentQueue<ObjectKey> SecretChanged { get; } = new();

    public RegistryReconciler RegistryReconciler { get; }

    public ReplicationReconciler ReplicationReconciler { get; }

    public WebhookReconciler WebhookReconciler { get; }

    public BuildTaskReconciler BuildTaskReconciler { get; }

    /// <summary>The children's Events (the Registry's are left out).</summary>
    public ConcurrentQueue<(string Reason, string Message)> Events { get; } = new();

    /// <summary>Children queued again because their Registry changed.</summary>
    public ConcurrentQueue<ObjectKey> Requeued { get; } = new();

    /// <summary>
    /// Waits until <paramref name="key"/> was requeued: the informer updates its store before it calls its handlers,
    /// so a cache that has caught up may still be delivering the event that requeues.
    /// </summary>
    public async Task AssertRequeuedAsync(ObjectKey key)
    {
        await Eventually.TrueAsync(() => Requeued.Contains(key), timeoutSeconds: 10);
        Assert.Contains(key, Requeued);
    }

    public static ReconcilerOptions Options { get; } = new() { ResyncInterval = TimeSpan.FromMinutes(10) };

    public static ArmRegistryId RegistryId => ArmClientHarness.Registry(RegistryAzureName);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<RegistryChildHarness> StartAsync()
    {
        var cluster = await EmulatedCluster.StartAsync();
        await cluster.InstallOperatorCrdsAsync();
        var arm = await ArmClientHarness.StartAsync();
        await arm.CreateGroupAsync();
        var harness = new RegistryChildHarness(cluster, arm);
        await harness.Registries.WaitForSyncAsync(Ct);
        await harness.Replications.WaitForSyncAsync(Ct);
        await harness.Webhooks.WaitForSyncAsync(Ct);
        await harness.BuildTasks.WaitForSyncAsync(Ct);
        return harness;
    }

    public static Registry NewRegistry(RegistrySku sku = RegistrySku.Premium) => new()
    {
        Metadata = new V1ObjectMeta { Name = RegistryName, NamespaceProperty = Namespace },
        Spec = new RegistrySpec { ResourceGroup = "rg1", Location = HomeLocation, Sku = sku },
    };

    public static Replication NewReplication(string location = "northeurope", DeletionPolicy deletion = DeletionPolicy.Delete, RegistryRef? registryRef = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "repl-" + location, NamespaceProperty = Namespace },
        Spec = new ReplicationSpec
        {
            RegistryRef = registryRef ?? new RegistryRef { Name = RegistryName },
            Location = location,
            Tags = new Dictionary<string, string> { ["team"] = "one" },
            DeletionPolicy = deletion,
        },
    };

    /// <summary>
    /// A Webhook named <c>hook-one</c> (Azure name hookone) on push, whose URI is in Secret <c>hook-uri</c> (key <c>uri</c>)
    /// and, when <paramref name="headers"/>, whose headers are Secret <c>hook-headers</c>.
    /// </summary>
    public static Webhook NewWebhook(bool headers = true, DeletionPolicy deletion = DeletionPolicy.Delete) => new()
    {
        Metadata = new V1ObjectMeta { Name = "hook-one", NamespaceProperty = Namespace },
        Spec = new WebhookSpec
        {
            RegistryRef = new RegistryRef { Name = RegistryName },
            ServiceUriSecretRef = new SecretKeyRef { Name = "hook-uri", Key = "uri" },
            CustomHeadersSecretRef = headers ? new SecretRef { Name = "hook-headers" } : null,
            Actions = [WebhookAction.Push],
            Enabled = true,
            Tags = new Dictionary<string, string> { ["team"] = "one" },
            DeletionPolicy = deletion,
        },
    };

    public static ArmRegistryChildId WebhookId(string name = "hookone", ArmRegistryId? registry = null) => new(registry ?? RegistryId, ArmRegistryChildId.Webhooks, name);

    public static ArmRegistryChildId ReplicationId(string location, ArmRegistryId? registry = null) => new(registry ?? RegistryId, ArmRegistryChildId.Replications, location);

    /// <summary>Applies the Registry and reconciles it until it is Ready, as the Registry controller would.</summary>
    public async Task<Registry> ReadyRegistryAsync(RegistrySku sku = RegistrySku.Premium)
    {
        await Cluster.Api.CreateAsync(RegistryResources.Registries, Namespace, NewRegistry(sku), Ct);
        return await ReconcileRegistryUntilReadyAsync();
    }

    /// <summary>Changes the Registry's spec and reconciles it until it is Ready at the new generation.</summary>
    public async Task<Registry> PatchRegistryAsync(string mergePatch)
    {
        await Cluster.Api.PatchAsync<Registry>(RegistryResources.Registries, Namespace, RegistryName, PatchType.Merge, mergePatch, Ct);
        return await ReconcileRegistryUntilReadyAsync();
    }

    /// <summary>Reconciles the Registry until it is Ready at its generation, as the Registry controller would.</summary>
    public async Task<Registry> ReconcileRegistryUntilReadyAsync()
    {
        for (var pass = 0; pass < 3; pass++)
        {
            await CaughtUpAsync(Registries, RegistryResources.Registries, RegistryName);
            await RegistryReconciler.ReconcileAsync(new ObjectKey(Namespace, RegistryName), Ct);
            var registry = await Cluster.Api.GetAsync<Registry>(RegistryResources.Registries, Namespace, RegistryName, Ct);
            if (IsReady(registry!.Status) && registry.Status.ObservedGeneration == registry.Metadata.Generation)
            {
                await CaughtUpAsync(Registries, RegistryResources.Registries, RegistryName);
                return registry;
            }
        }

        throw new InvalidOperationException("the Registry did not become Ready");
    }

    public Task<Replication> ApplyAsync(Replication replication) => Cluster.Api.CreateAsync(ReplicationResources.Replications, Namespace, replication, Ct);

    public Task<Replication?> ReadReplicationAsync(string name) => Cluster.Api.GetAsync<Replication>(ReplicationResources.Replications, Namespace, name, Ct);

    public Task<Replication> PatchReplicationAsync(string name, string mergePatch) =>
        Cluster.Api.PatchAsync<Replication>(ReplicationResources.Replications, Namespace, name, PatchType.Merge, mergePatch, Ct);

    public Task DeleteReplicationAsync(string name) => Cluster.Api.DeleteAsync(ReplicationResources.Replications, Namespace, name, Ct);

    /// <summary>One Replication pass, once both caches show what the API server holds.</summary>
    public async Task<ReconcileResult> ReconcileReplicationAsync(string name)
    {
        await CaughtUpAsync(Replications, ReplicationResources.Replications, name);
        await CaughtUpAsync(Registries, RegistryResources.Registries, RegistryName);
        return await ReplicationReconciler.ReconcileAsync(new ObjectKey(Namespace, name), Ct);
    }

    public Task<Webhook> ApplyAsync(Webhook webhook) => Cluster.Api.CreateAsync(WebhookResources.Webhooks, Namespace, webhook, Ct);

    public Task<Webhook?> ReadWebhookAsync(string name = "hook-one") => Cluster.Api.GetAsync<Webhook>(WebhookResources.Webhooks, Namespace, name, Ct);

    public Task<Webhook> PatchWebhookAsync(string mergePatch, string name = "hook-one") =>
        Cluster.Api.PatchAsync<Webhook>(WebhookResources.Webhooks, Namespace, name, PatchType.Merge, mergePatch, Ct);

    public Task DeleteWebhookAsync(string name = "hook-one") => Cluster.Api.DeleteAsync(WebhookResources.Webhooks, Namespace, name, Ct);

    /// <summary>One Webhook pass, once the caches show what the API server holds.</summary>
    public async Task<ReconcileResult> ReconcileWebhookAsync(string name = "hook-one")
    {
        await CaughtUpAsync(Webhooks, WebhookResources.Webhooks, name);
        await CaughtUpAsync(Registries, RegistryResources.Registries, RegistryName);
        return await WebhookReconciler.ReconcileAsync(new ObjectKey(Namespace, name), Ct);
    }

    public Task<BuildTask> ApplyAsync(BuildTask task) => Cluster.Api.CreateAsync(BuildTaskResources.BuildTasks, Namespace, task, Ct);

    public Task<BuildTask?> ReadBuildTaskAsync(string name) => Cluster.Api.GetAsync<BuildTask>(BuildTaskResources.BuildTasks, Namespace, name, Ct);

    public Task<BuildTask> PatchBuildTaskAsync(string name, string mergePatch) =>
        Cluster.Api.PatchAsync<BuildTask>(BuildTaskResources.BuildTasks, Namespace, name, PatchType.Merge, mergePatch, Ct);

    public Task DeleteBuildTaskAsync(string name) => Cluster.Api.DeleteAsync(BuildTaskResources.BuildTasks, Namespace, name, Ct);

    /// <summary>One BuildTask pass, once the caches show what the API server holds.</summary>
    public async Task<ReconcileResult> ReconcileBuildTaskAsync(string name)
    {
        await CaughtUpAsync(BuildTasks, BuildTaskResources.BuildTasks, name);
        await CaughtUpAsync(Registries, RegistryResources.Registries, RegistryName);
        return await BuildTaskReconciler.ReconcileAsync(new ObjectKey(Namespace, name), Ct);
    }

    /// <summary>Requests that changed Azure: PUT, PATCH and DELETE below <paramref name="pathContains"/>.</summary>
    public int ArmWrites(string pathContains) =>
        Arm.Server.RequestLog.Entries.Count(e => e.Method is "PUT" or "PATCH" or "DELETE" && e.Path.Contains(pathContains, StringComparison.OrdinalIgnoreCase));

    public static bool IsReady(IConditionedStatus? status) => status is not null && Conditions.IsTrue(status.Conditions, ConditionTypes.Ready);

    public static V1Condition? Condition(IConditionedStatus status, string type) => Conditions.Find(status.Conditions, type);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var run in _informerRuns)
        {
            try
            {
                await run;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
        SecretWatches.Dispose();
        await Arm.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    private Informer<T> Start<T>(ResourceType type)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = new Informer<T>(type.Plural, new KubeListWatchSource<T>(Cluster.Api, type, null, ListOptions.All), TimeProvider.System, NullLogger.Instance);
        _informerRuns.Add(informer.RunAsync(_stop.Token));
        return informer;
    }

    private async Task CaughtUpAsync<T>(Informer<T> informer, ResourceType type, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var current = await Cluster.Api.GetAsync<T>(type, Namespace, name, Ct);
        await Eventually.TrueAsync(() => informer.Store.Get(new ObjectKey(Namespace, name))?.Metadata.ResourceVersion == current?.Metadata.ResourceVersion);
    }
}
