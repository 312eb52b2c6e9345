using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Events;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.Status;
using AcrOperator.Tests.Api;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcrOperator.Tests.Integration;

/// <summary>Finalizers, status and events written by the runtime to a real Registry custom resource on the emulator.</summary>
public sealed class WritersOnEmulatorTests
{
    private const string Finalizer = "acr.operator.dev/finalizer";
    private static readonly ResourceType Registries = new(GroupVersion.Group, GroupVersion.Version, Registry.KubePluralName, Namespaced: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Finalizer_status_and_deletion_behave_as_on_a_real_cluster()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var created = await CreateSampleRegistryAsync(cluster);
        var finalizers = new Finalizers(cluster.Api);
        var statusWriter = new StatusWriter(cluster.Api);

        Assert.True(await finalizers.AddAsync(Registries, created, Finalizer, Ct));
        var withFinalizer = (await cluster.Api.GetAsync<Registry>(Registries, "default", created.Metadata.Name, Ct))!;
        Assert.Contains(Finalizer, withFinalizer.Metadata.Finalizers);

        var desired = KubeObjects.DeepCopy(withFinalizer.Status);
        desired.LoginServer = "contosoplatformprod.azurecr.io";
        desired.ObservedGeneration = withFinalizer.Metadata.Generation;
        Conditions.Set(desired.Conditions, ConditionTypes.Ready, Conditions.True, "Succeeded", "the registry is ready", withFinalizer.Metadata.Generation, DateTimeOffset.UtcNow);
        Assert.True(await statusWriter.UpdateAsync(Registries, withFinalizer, desired, Ct));

        var withStatus = (await cluster.Api.GetAsync<Registry>(Registries, "default", created.Metadata.Name, Ct))!;
        Assert.Equal("contosoplatformprod.azurecr.io", withStatus.Status.LoginServer);
        Assert.True(Conditions.IsTrue(withStatus.Status.Conditions, ConditionTypes.Ready));
        Assert.Equal(withFinalizer.Metadata.Generation, withStatus.Metadata.Generation);

        // Steady state: the same status again is no write at all.
        var revision = cluster.Server.ResourceVersion;
        Assert.False(await statusWriter.UpdateAsync(Registries, withStatus, KubeObjects.DeepCopy(withStatus.Status), Ct));
        Assert.Equal(revision, cluster.Server.ResourceVersion);

        await cluster.Api.DeleteAsync(Registries, "default", created.Metadata.Name, Ct);
        var terminating = (await cluster.Api.GetAsync<Registry>(Registries, "default", created.Metadata.Name, Ct))!;
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);

        Assert.True(await finalizers.RemoveAsync(Registries, terminating, Finalizer, Ct));
        Assert.Null(await cluster.Api.GetAsync<Registry>(Registries, "default", created.Metadata.Name, Ct));
    }

    [Fact]
    public async Task A_finalizer_patch_from_a_stale_read_is_refused_with_a_conflict()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var stale = await CreateSampleRegistryAsync(cluster);
        await cluster.Api.PatchAsync<Registry>(Registries, "default", stale.Metadata.Name, PatchType.Merge, """{"metadata":{"labels":{"team":"platform"}}}""", Ct);

        var ex = await Assert.ThrowsAsync<KubeApiException>(() => new Finalizers(cluster.Api).AddAsync(Registries, stale, Finalizer, Ct));

        Assert.True(ex.IsConflict);
        var current = (await cluster.Api.GetAsync<Registry>(Registries, "default", stale.Metadata.Name, Ct))!;
        Assert.Null(current.Metadata.Finalizers);
    }

    [Fact]
    public async Task Repeated_events_are_aggregated_into_one_event_with_a_count()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var registry = await CreateSampleRegistryAsync(cluster);
        var recorder = new EventRecorder(cluster.Api, TimeProvider.System, NullLogger<EventRecorder>.Instance, "acr-operator", "test");

        recorder.Record(registry, EventType.Warning, "Throttled", "ARM throttled the request; retrying in 30 s");
        recorder.Record(registry, EventType.Warning, "Throttled", "ARM throttled the request; retrying in 30 s");
        await recorder.FlushAsync(Ct);

        var events = await cluster.Kubernetes.CoreV1.ListNamespacedEventAsync("default", cancellationToken: Ct);
        var recorded = Assert.Single(events.Items);
        Assert.Equal(2, recorded.Count);
        Assert.Equal("Registry", recorded.InvolvedObject.Kind);
        Assert.Equal(registry.Metadata.Uid, recorded.InvolvedObject.Uid);
    }

    [Fact]
    public async Task Two_controllers_writing_status_from_the_same_stale_read_keep_each_others_conditions_and_fields()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        var read = await CreateSampleRegistryAsync(cluster);
        var writer = new StatusWriter(cluster.Api);
        var now = DateTimeOffset.UtcNow;
        var generation = read.Metadata.Generation;

        var registryStatus = KubeObjects.DeepCopy(read.Status);
        registryStatus.LoginServer = "contosoplatformprod.azurecr.io";
        Conditions.Set(registryStatus.Conditions, ConditionTypes.Ready, Conditions.True, "Succeeded", "the registry is ready", generation, now);
        Assert.True(await writer.UpdateAsync(Registries, read, registryStatus, Ct));

        // Read before that write: a plain merge patch of its conditions would drop Ready.
        var pullStatus = KubeObjects.DeepCopy(read.Status);
        pullStatus.PullSecret = new PullSecretStatus { SecretName = "acr-platform-pull", NamespacesServed = 3 };
        Conditions.Set(pullStatus.Conditions, "PullSecretsReady", Conditions.False, "SecretConflict", "one namespace holds a foreign Secret", generation, now);
        Assert.True(await writer.UpdateAsync(Registries, read, pullStatus, Ct));

        var both = (await cluster.Api.GetAsync<Registry>(Registries, "default", read.Metadata.Name, Ct))!;
        Assert.True(Conditions.IsTrue(both.Status.Conditions, ConditionTypes.Ready));
        Assert.Equal("SecretConflict", Conditions.Find(both.Status.Conditions, "PullSecretsReady")!.Reason);
        Assert.Equal("contosoplatformprod.azurecr.io", both.Status.LoginServer);
        Assert.Equal(3, both.Status.PullSecret!.NamespacesServed);

        // The registry writer, still on its old read, changes only Ready; the other condition stays as the other writer left it.
        var stale = KubeObjects.DeepCopy(registryStatus);
        Conditions.Set(stale.Conditions, ConditionTypes.Ready, Conditions.False, "Updating", "updating the registry", generation, now);
        var readAfterFirstWrite = KubeObjects.DeepCopy(read);
        readAfterFirstWrite.Status = registryStatus;
        Assert.True(await writer.UpdateAsync(Registries, readAfterFirstWrite, stale, Ct));
        var last = (await cluster.Api.GetAsync<Registry>(Registries, "default", read.Metadata.Name, Ct))!;
        Assert.Equal("Updating", Conditions.Find(last.Status.Conditions, ConditionTypes.Ready)!.Reason);
        Assert.Equal("SecretConflict", Conditions.Find(last.Status.Conditions, "PullSecretsReady")!.Reason);
        Assert.Equal(3, last.Status.PullSecret!.NamespacesServed);
    }

    private static async Task<Registry> CreateSampleRegistryAsync(EmulatedCluster cluster)
    {
        await cluster.InstallRegistryCrdAsync();
        var sample = KubernetesYaml.Deserialize<Registry>(RepoFiles.Read("config", "samples", "acr_v1alpha1_registry.yaml"));
        return await cluster.Api.CreateAsync(Registries, "default", sample, Ct);
    }
}
