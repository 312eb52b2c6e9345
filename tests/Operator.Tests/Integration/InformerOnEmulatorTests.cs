using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using AcrOperator.Sandbox.KubeApi;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcrOperator.Tests.Integration;

/// <summary>The informer over the real wire protocol, against the Kubernetes API emulator.</summary>
public sealed class InformerOnEmulatorTests
{
    private static readonly ResourceType ConfigMaps = new(string.Empty, "v1", "configmaps", Namespaced: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Follows_creates_updates_and_deletes_through_a_real_watch()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        await using var run = InformerRun.Start(cluster, "default");
        await run.Informer.WaitForSyncAsync(Ct);

        await cluster.Kubernetes.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "default", cancellationToken: Ct);
        await Eventually.TrueAsync(() => run.Events.Contains("Added:a"));
        await cluster.Kubernetes.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"v2"}}""", V1Patch.PatchType.MergePatch), "a", "default", cancellationToken: Ct);
        await Eventually.TrueAsync(() => run.Events.Contains("Updated:a"));
        await cluster.Kubernetes.CoreV1.DeleteNamespacedConfigMapAsync("a", "default", cancellationToken: Ct);
        await Eventually.TrueAsync(() => run.Events.Contains("Deleted:a"));

        Assert.Equal(["Added:a", "Updated:a", "Deleted:a"], run.Events.Snapshot());
        Assert.Equal(0, run.Informer.Store.Count);
    }

    [Fact]
    public async Task Resuming_from_a_version_the_server_no_longer_keeps_relists_and_reports_what_changed_meanwhile()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        await cluster.Kubernetes.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("gone-while-away"), "default", cancellationToken: Ct);
        var informer = NewInformer(cluster, "default", out var events);
        await using (var first = InformerRun.Start(informer, events))
        {
            await informer.WaitForSyncAsync(Ct);
        }

        await cluster.Kubernetes.CoreV1.DeleteNamespacedConfigMapAsync("gone-while-away", "default", cancellationToken: Ct);
        await cluster.Kubernetes.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("made-while-away"), "default", cancellationToken: Ct);
        cluster.Server.CompactHistory();

        await using var second = InformerRun.Start(informer, events);
        await Eventually.TrueAsync(() => events.Contains("Added:made-while-away") && events.Contains("Deleted:gone-while-away"));
        Assert.NotNull(informer.Store.Get(new ObjectKey("default", "made-while-away")));
        Assert.Null(informer.Store.Get(new ObjectKey("default", "gone-while-away")));
    }

    [Fact]
    public async Task Bookmarks_move_the_resume_point_past_changes_the_informer_does_not_watch()
    {
        await using var cluster = await EmulatedCluster.StartAsync(new KubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(200) });
        await using var run = InformerRun.Start(cluster, "default");
        await run.Informer.WaitForSyncAsync(Ct);
        var synced = long.Parse(run.Informer.LastResourceVersion!, System.Globalization.CultureInfo.InvariantCulture);

        // A change in another namespace moves the global resourceVersion but is no event for this informer.
        await cluster.Kubernetes.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("elsewhere"), "kube-system", cancellationToken: Ct);

        await Eventually.TrueAsync(() => long.Parse(run.Informer.LastResourceVersion!, System.Globalization.CultureInfo.InvariantCulture) > synced);
        Assert.Empty(run.Events.Snapshot());
    }

    [Fact]
    public async Task A_metadata_only_informer_caches_namespace_labels_without_bodies()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var informer = new Informer<PartialObjectMetadata>(
            "namespaces",
            new KubeListWatchSource<PartialObjectMetadata>(cluster.Api, ResourceType.Namespaces, null, new ListOptions(MetadataOnly: true)),
            TimeProvider.System,
            NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(Ct);

        await cluster.Kubernetes.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a", Labels = new Dictionary<string, string> { ["pull-secrets"] = "acr" } } },
            cancellationToken: Ct);

        await Eventually.TrueAsync(() => informer.Store.Get(new ObjectKey(null, "team-a")) is not null);
        var cached = informer.Store.Get(new ObjectKey(null, "team-a"))!;
        Assert.Equal("acr", cached.Metadata.Labels["pull-secrets"]);
        Assert.Equal("PartialObjectMetadata", cached.Kind);
        Assert.NotNull(informer.Store.Get(new ObjectKey(null, "kube-system")));

        await stop.CancelAsync();
        await running;
    }

    private static V1ConfigMap ConfigMap(string name)
        => new() { Metadata = new V1ObjectMeta { Name = name }, Data = new Dictionary<string, string> { ["k"] = "v" } };

    private static Informer<V1ConfigMap> NewInformer(EmulatedCluster cluster, string ns, out EventLog events)
    {
        var informer = new Informer<V1ConfigMap>("configmaps", new KubeListWatchSource<V1ConfigMap>(cluster.Api, ConfigMaps, ns, ListOptions.All), TimeProvider.System, NullLogger.Instance);
        var log = new EventLog();
        informer.AddHandler(e => log.Add($"{e.Type}:{e.Current.Metadata.Name}"));
        events = log;
        return informer;
    }

    /// <summary>An informer running until disposed.</summary>
    private sealed class InformerRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _running;

        private InformerRun(Informer<V1ConfigMap> informer, EventLog events)
        {
            Informer = informer;
            Events = events;
            _running = informer.RunAsync(_stop.Token);
        }

        public Informer<V1ConfigMap> Informer { get; }

        public EventLog Events { get; }

        public static InformerRun Start(EmulatedCluster cluster, string ns)
        {
            var informer = NewInformer(cluster, ns, out var events);
            return new InformerRun(informer, events);
        }

        public static InformerRun Start(Informer<V1ConfigMap> informer, EventLog events) => new(informer, events);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running;
            _stop.Dispose();
        }
    }
}
