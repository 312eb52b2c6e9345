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
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcrOperator.Tests.Controllers;

/// <summary>
/// Both emulators over real HTTP, a Registry informer on the Kubernetes one, and the reconciler driven by hand:
/// each pass first waits until the cache has caught up with the API server, as the controller's watch would.
/// </summary>
internal sealed class RegistryHarness : IAsyncDisposable
{
    public const string Namespace = "default";
    public const string Name = "team-registry-one";
    public const string AzureName = "teamregistryone";

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _informerRun;

    private RegistryHarness(EmulatedCluster cluster, ArmClientHarness arm)
    {
        Cluster = cluster;
        Arm = arm;
        Informer = new Informer<Registry>(
            "registries",
            new KubeListWatchSource<Registry>(cluster.Api, RegistryResources.Registries, null, ListOptions.All),
            TimeProvider.System,
            NullLogger.Instance);
        _informerRun = Informer.RunAsync(_stop.Token);
        Reconciler = NewReconciler();
    }

    public EmulatedCluster Cluster { get; }

    public ArmClientHarness Arm { get; }

    public Informer<Registry> Informer { get; }

    public RegistryReconciler Reconciler { get; private set; }

    public ConcurrentQueue<(string Reason, string Message)> Events { get; } = new();

    public static ObjectKey Key => new(Namespace, Name);

    public static ArmRegistryId Id => ArmClientHarness.Registry(AzureName);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<RegistryHarness> StartAsync()
    {
        var cluster = await EmulatedCluster.StartAsync();
        await cluster.InstallRegistryCrdAsync();
        var arm = await ArmClientHarness.StartAsync();
        await arm.CreateGroupAsync();
        var harness = new RegistryHarness(cluster, arm);
        await harness.Informer.WaitForSyncAsync(Ct);
        return harness;
    }

    /// <summary>A new reconciler with a new ARM client stack and credentials resolver, as after an operator restart.</summary>
    public RegistryReconciler NewReconciler(AzureOptions? azure = null)
    {
        var options = new RegistryReconcilerOptions { DefaultSubscriptionId = ArmClientHarness.Subscription };
        var (factory, credentials, _) = Arm.CreateFactory(azure);
        Reconciler = new RegistryReconciler(
            Informer.Store,
            new AzureCredentialsResolver(Cluster.Api, credentials, Arm.Loggers.CreateLogger<AzureCredentialsResolver>()),
            factory,
            new Finalizers(Cluster.Api),
            new StatusWriter(Cluster.Api),
            new RecordingEventRecorder(Events),
            options,
            // The shipped floor and cap, on the clock that stamps operations' start, so tests step through the schedule.
            OperationPollSchedule.From(new AzureOptions(), Arm.ClientTime),
            TimeProvider.System,
            Arm.Loggers.CreateLogger<RegistryReconciler>());
        return Reconciler;
    }

    public static Registry Sample(string? policy = null, DeletionPolicy deletion = DeletionPolicy.Delete)
    {
        var registry = new Registry
        {
            Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
            Spec = new RegistrySpec
            {
                ResourceGroup = "rg1",
                Location = "westus",
                Sku = RegistrySku.Standard,
                AdminUserEnabled = false,
                Tags = new Dictionary<string, string> { ["team"] = "one" },
                DeletionPolicy = deletion,
            },
        };
        if (policy is not null)
        {
            registry.Metadata.Annotations = new Dictionary<string, string> { [AnnotationNames.ReconcilePolicy] = policy };
        }

        return registry;
    }

    public Task<Registry> ApplyAsync(Registry registry) => Cluster.Api.CreateAsync(RegistryResources.Registries, Namespace, registry, Ct);

    public Task<Registry?> ReadAsync() => Cluster.Api.GetAsync<Registry>(RegistryResources.Registries, Namespace, Name, Ct);

    public Task PatchSpecAsync(string json) =>
        Cluster.Api.PatchAsync<Registry>(RegistryResources.Registries, Namespace, Name, PatchType.Merge, json, Ct);

    /// <summary>Creates or replaces a Secret in the harness's namespace, as <c>kubectl apply</c> of its stringData would.</summary>
    public Task ApplySecretAsync(string name, IReadOnlyDictionary<string, string> data) => Cluster.ApplySecretAsync(Namespace, name, data);

    /// <summary>One pass, once the cache shows what the API server holds.</summary>
    public async Task<ReconcileResult> ReconcileAsync()
    {
        var current = await ReadAsync();
        await Eventually.TrueAsync(() => Informer.Store.Get(Key)?.Metadata.ResourceVersion == current?.Metadata.ResourceVersion);
        return await Reconciler.ReconcileAsync(Key, Ct);
    }

    public int ArmWrites => Arm.Server.RequestLog.Entries.Count(e => e.Method is "PUT" or "PATCH" or "DELETE" && e.Path.Contains("/registries/", StringComparison.OrdinalIgnoreCase));

    public int ArmRequests(string method) => Arm.Requests(method, "/registries/" + AzureName);

    public static bool IsReady(Registry? registry) => registry is not null && Conditions.IsTrue(registry.Status.Conditions, ConditionTypes.Ready);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _informerRun;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        await Arm.DisposeAsync();
        await Cluster.DisposeAsync();
    }
}
