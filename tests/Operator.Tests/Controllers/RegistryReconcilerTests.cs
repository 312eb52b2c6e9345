using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Status;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Tests.Azure;

namespace AcrOperator.Tests.Controllers;

/// <summary>The Registry reconciler against both emulators: what it writes to Azure and to Kubernetes, and what it does not.</summary>
public sealed class RegistryReconcilerTests
{
    private const string Registries = "Microsoft.ContainerRegistry/registries";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creates_the_registry_and_reports_Ready_with_the_login_server_then_a_quiet_resync_writes_nothing()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplyAsync(RegistryHarness.Sample());

        var first = await h.ReconcileAsync();

        var registry = await h.ReadAsync();
        Assert.True(RegistryHarness.IsReady(registry), "not Ready after a synchronous create");
        Assert.Equal($"{RegistryHarness.AzureName}.azurecr.io", registry!.Status.LoginServer);
        Assert.Equal(RegistryHarness.Id.ResourceId, registry.Status.ResourceId, ignoreCase: true);
        Assert.Equal(registry.Metadata.Generation, registry.Status.ObservedGeneration);
        Assert.Contains(RegistryResources.Finalizer, registry.Metadata.Finalizers);
        Assert.Null(registry.Status.Operation);
        Assert.True(first.RequeueAfter >= TimeSpan.FromMinutes(10), "a converged registry should wait for the resync");
        Assert.Equal(1, h.ArmRequests("PUT"));
        Assert.Contains(h.Events, e => e.Reason == AzureConditions.Creating);

        var armWrites = h.ArmWrites;
        var kubeRevision = h.Cluster.Server.ResourceVersion;
        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.Equal(armWrites, h.ArmWrites);
        Assert.Equal(kubeRevision, h.Cluster.Server.ResourceVersion);
    }

    [Fact]
    public async Task A_spec_change_is_one_PATCH_of_only_the_changed_fields()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplyAsync(RegistryHarness.Sample());
        await h.ReconcileAsync();

        await h.PatchSpecAsync("""{"spec":{"adminUserEnabled":true,"sku":"Premium"}}""");
        await h.ReconcileAsync();
        await h.ReconcileAsync();

        Assert.Equal(1, h.ArmRequests("PATCH"));
        Assert.Equal(1, h.ArmRequests("PUT"));
        var observed = await h.Arm.CreateClient().Client.GetAsync(RegistryHarness.Id, Ct);
        Assert.True(observed!.AdminUserEnabled);
        Assert.Equal("Premium", observed.Sku);
        var registry = await h.ReadAsync();
        Assert.True(RegistryHarness.IsReady(registry));
        Assert.Equal(registry!.Metadata.Generation, registry.Status.ObservedGeneration);
        Assert.Contains(h.Events, e => e.Reason == AzureConditions.Updating && e.Message.Contains("sku, adminUserEnabled", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drift_made_in_Azure_is_corrected_on_the_next_pass()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplyAsync(RegistryHarness.Sample());
        await h.ReconcileAsync();
        var client = h.Arm.CreateClient().Client;
        await client.BeginUpdateAsync(RegistryHarness.Id, new ArmRegistryUpdate { AdminUserEnabled = true }, Ct);

        await h.ReconcileAsync();

        Assert.False((await client.GetAsync(RegistryHarness.Id, Ct))!.AdminUserEnabled);
        Assert.Equal(2, h.ArmRequests("PATCH"));
    }

    [Fact]
    public async Task An_existing_registry_is_adopted_not_recreated()
    {
        await using var h = await RegistryHarness.StartAsync();
        var client = h.Arm.CreateClient().Client;
        await client.BeginCreateAsync(RegistryHarness.Id, RegistrySpecMapper.ToDefinition(RegistryHarness.Sample().Spec), Ct);
        await h.ApplyAsync(RegistryHarness.Sample());

        await h.ReconcileAsync();

        Assert.Equal(1, h.ArmRequests("PUT"));
        Assert.Equal(0, h.ArmRequests("PATCH"));
        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()));
    }

    [Theory]
    [InlineData(DeletionPolicy.Delete)]
    [InlineData(DeletionPolicy.Orphan)]
    public async Task Deleting_the_resource_deletes_or_orphans_the_registry_by_policy(DeletionPolicy policy)
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplyAsync(RegistryHarness.Sample(deletion: policy));
        await h.ReconcileAsync();

        await h.Cluster.Api.DeleteAsync(RegistryResources.Registries, RegistryHarness.Namespace, RegistryHarness.Name, Ct);
        await h.ReconcileAsync();

        Assert.Null(await h.ReadAsync());
        var remaining = await h.Arm.CreateClient().Client.GetAsync(RegistryHarness.Id, Ct);
        Assert.Equal(policy == DeletionPolicy.Orphan, remaining is not null);
    }

    [Fact]
    public async Task A_pending_create_survives_a_restart_and_is_polled_not_sent_again()
    {
        await using var h = await RegistryHarness.StartAsync();
        h.Arm.Server.Completion.Set(Registries, "PUT", ArmCompletionStyle.AzureAsyncOperation);
        await h.ApplyAsync(RegistryHarness.Sample());

        var started = await h.ReconcileAsync();
        var pending = await h.ReadAsync();
        Assert.NotNull(pending!.Status.Operation);
        Assert.Equal(AzureOperationKind.Create, pending.Status.Operation.Kind);
        Assert.True(Conditions.IsTrue(pending.Status.Conditions, ConditionTypes.Reconciling));
        Assert.True(started.RequeueAfter < TimeSpan.FromMinutes(1));

        h.NewReconciler();
        h.Arm.Advance(TimeSpan.FromSeconds(30));
        await h.ReconcileAsync();

        var done = await h.ReadAsync();
        Assert.True(RegistryHarness.IsReady(done), "not Ready after the operation completed");
        Assert.Null(done!.Status.Operation);
        Assert.Equal(1, h.ArmRequests("PUT"));
    }

    [Fact]
    public async Task A_pending_create_is_polled_on_the_schedule_not_at_every_Retry_After_and_read_once_when_done()
    {
        await using var h = await RegistryHarness.StartAsync();
        h.Arm.Server.Completion.Set(Registries, "PUT", ArmCompletionStyle.AzureAsyncOperation);
        await h.ApplyAsync(RegistryHarness.Sample());

        // The emulator asks for 1 s between polls and takes 10 s; the schedule's 5 s floor decides.
        var started = await h.ReconcileAsync();
        Assert.Equal(TimeSpan.FromSeconds(5), started.RequeueAfter);
        h.Arm.Advance(started.RequeueAfter!.Value);
        var running = await h.ReconcileAsync();
        Assert.Equal(TimeSpan.FromSeconds(5), running.RequeueAfter);
        Assert.False(RegistryHarness.IsReady(await h.ReadAsync()));
        h.Arm.Advance(running.RequeueAfter!.Value);
        await h.ReconcileAsync();

        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()), "not Ready after the operation completed");
        var calls = h.Arm.Server.RequestLog.Entries.Where(e => e.Path.Contains("/registries/" + RegistryHarness.AzureName, StringComparison.OrdinalIgnoreCase)).ToList();
        var polls = calls.Count(e => e.Path.Contains("/operationStatuses/", StringComparison.OrdinalIgnoreCase));
        // One read before the create (to adopt an existing registry), one after it (the final state), two polls.
        Assert.Equal(2, polls);
        Assert.Equal(2, calls.Count(e => e.Method == "GET") - polls);
        Assert.Equal(1, calls.Count(e => e.Method == "PUT"));
    }

    [Fact]
    public async Task A_429_storm_waits_as_told_without_throwing_and_ends_Ready()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplyAsync(RegistryHarness.Sample());
        h.Arm.Server.Faults.Add(new Sandbox.Arm.Faults.ArmFault { Kind = Sandbox.Arm.Faults.ArmFaultKind.Throttle, RetryAfterSeconds = 30, Count = 20, ResourceType = Registries });

        var throttled = await h.ReconcileAsync();

        Assert.True(throttled.RequeueAfter >= TimeSpan.FromSeconds(30), $"requeued after {throttled.RequeueAfter}");
        var waiting = await h.ReadAsync();
        Assert.Equal(AzureConditions.Throttled, Conditions.Find(waiting!.Status.Conditions, ConditionTypes.Reconciling)?.Reason);

        h.Arm.Server.Faults.Clear();
        // The client's limiter honours Retry-After for the whole subscription, so the retry comes after it.
        h.Arm.Advance(TimeSpan.FromSeconds(31));
        await h.ReconcileAsync();
        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()));
        Assert.Single(h.Events, e => e.Reason == AzureConditions.Throttled);
    }

    [Fact]
    public async Task A_name_taken_in_another_subscription_ends_Stalled_NameNotAvailable()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.Arm.CreateGroupAsync(subscription: ArmClientHarness.OtherSubscription);
        await h.Arm.CreateClient().Client.BeginCreateAsync(ArmClientHarness.Registry(RegistryHarness.AzureName, subscription: ArmClientHarness.OtherSubscription), RegistrySpecMapper.ToDefinition(RegistryHarness.Sample().Spec), Ct);
        await h.ApplyAsync(RegistryHarness.Sample());

        var result = await h.ReconcileAsync();

        var registry = await h.ReadAsync();
        var stalled = Conditions.Find(registry!.Status.Conditions, ConditionTypes.Stalled);
        Assert.Equal(Conditions.True, stalled?.Status);
        Assert.Equal(RegistryConditions.NameNotAvailable, stalled!.Reason);
        Assert.Contains("spec.azureName", stalled.Message, StringComparison.Ordinal);
        Assert.True(result.RequeueAfter >= TimeSpan.FromMinutes(10), "a stalled registry must not be retried hot");
    }

    [Fact]
    public async Task A_missing_resource_group_ends_Stalled_ResourceGroupNotFound_not_retried_every_poll()
    {
        await using var h = await RegistryHarness.StartAsync();
        var sample = RegistryHarness.Sample();
        sample.Spec.ResourceGroup = "never-created";
        await h.ApplyAsync(sample);

        var result = await h.ReconcileAsync();

        var stalled = Conditions.Find((await h.ReadAsync())!.Status.Conditions, ConditionTypes.Stalled);
        Assert.Equal(Conditions.True, stalled?.Status);
        Assert.Equal(RegistryConditions.ResourceGroupNotFound, stalled!.Reason);
        Assert.Contains("spec.resourceGroup", stalled.Message, StringComparison.Ordinal);
        Assert.True(result.RequeueAfter >= TimeSpan.FromMinutes(10), $"a stalled registry must wait for the resync, not retry after {result.RequeueAfter}");
    }

    [Fact]
    public async Task Reconcile_policy_skip_observes_only()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplyAsync(RegistryHarness.Sample(policy: AnnotationNames.ReconcilePolicyValues.Skip));

        await h.ReconcileAsync();

        Assert.Equal(0, h.ArmWrites);
        var registry = await h.ReadAsync();
        Assert.Null(registry!.Metadata.Finalizers);
        Assert.Equal(AzureConditions.NotFoundInAzure, Conditions.Find(registry.Status.Conditions, ConditionTypes.Ready)?.Reason);
    }
}
