using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Status;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Tests.Azure;
using static AcrOperator.Tests.Controllers.RegistryChildHarness;

namespace AcrOperator.Tests.Controllers;

/// <summary>The Replication reconciler against both emulators, with its Registry made Ready by the Registry reconciler.</summary>
public sealed class ReplicationReconcilerTests
{
    private const string Name = "repl-northeurope";
    private const string Replications = "Microsoft.ContainerRegistry/registries/replications";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string ReplicationPath(string location = "northeurope") => $"/registries/{RegistryAzureName}/replications/{location}";

    [Fact]
    public async Task Creates_the_replication_and_reports_Ready_then_a_quiet_resync_writes_nothing()
    {
        await using var h = await StartAsync();
        await h.ReadyRegistryAsync();
        await h.ApplyAsync(NewReplication());

        var first = await h.ReconcileReplicationAsync(Name);

        var replication = await h.ReadReplicationAsync(Name);
        Assert.True(IsReady(replication!.Status), Describe(replication));
        Assert.Equal(ReplicationId("northeurope").ResourceId, replication.Status.ResourceId, ignoreCase: true);
        Assert.Equal("Succeeded", replication.Status.ProvisioningState);
        Assert.Equal(replication.Metadata.Generation, replication.Status.ObservedGeneration);
        Assert.Contains(RegistryResources.Finalizer, replication.Metadata.Finalizers);
        Assert.True(first.RequeueAfter >= Options.ResyncInterval, "a converged replication should wait for the resync");
        Assert.Equal(1, h.Arm.Requests("PUT", ReplicationPath()));
        Assert.Contains(h.Events, e => e.Reason == AzureConditions.Creating && e.Message == "Creating replication northeurope in northeurope");
        var inAzure = await h.Arm.CreateClient().Client.Replications.GetAsync(ReplicationId("northeurope"), Ct);
        Assert.Equal("one", inAzure!.Tags["team"]);

        var armWrites = h.ArmWrites("/replications/");
        var kubeRevision = h.Cluster.Server.ResourceVersion;
        await h.ReconcileReplicationAsync(Name);
        await h.ReconcileReplicationAsync(Name);

        Assert.Equal(armWrites, h.ArmWrites("/replications/"));
        Assert.Equal(kubeRevision, h.Cluster.Server.ResourceVersion);
    }

    [Fact]
    public async Task A_spec_change_is_one_PATCH_of_only_the_changed_fields()
    {
        await using var h = await StartAsync();
        await h.ReadyRegistryAsync();
        await h.ApplyAsync(NewReplication());
        await h.ReconcileReplicationAsync(Name);

        await h.PatchReplicationAsync(Name, """{"spec":{"regionEndpointEnabled":false}}""");
        await h.ReconcileReplicationAsync(Name);
        await h.ReconcileReplicationAsync(Name);

        Assert.Equal(1, h.Arm.Requests("PATCH", ReplicationPath()));
        Assert.Equal(1, h.Arm.Requests("PUT", ReplicationPath()));
        Assert.False((await h.Arm.CreateClient().Client.Replications.GetAsync(ReplicationId("northeurope"), Ct))!.RegionEndpointEnabled);
        Assert.Contains(h.Events, e => e.Reason == AzureConditions.Updating && e.Message == "Updating replication northeurope: regionEndpointEnabled");
        var replication = await h.ReadReplicationAsync(Name);
        Assert.True(IsReady(replication!.Status));
        Assert.Equal(2, replication.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Drift_made_in_Azure_is_corrected_on_the_next_pass()
    {
        await using var h = await StartAsync();
        await h.ReadyRegistryAsync();
        await h.ApplyAsync(NewReplication());
        await h.ReconcileReplicationAsync(Name);
        var client = h.Arm.CreateClient().Client;
        await client.Replications.BeginUpdateAsync(ReplicationId("northeurope"), new ArmReplicationUpdate { Tags = new Dictionary<string, string> { ["team"] = "two" } }, Ct);

        await h.ReconcileReplicationAsync(Name);

        Assert.Equal("one", (await client.Replications.GetAsync(ReplicationId("northeurope"), Ct))!.Tags["team"]);
        Assert.Equal(2, h.Arm.Requests("PATCH", ReplicationPath()));
        Assert.Contains(h.Events, e => e.Message == "Updating replication northeurope: tags");
    }

    [Fact]
    public async Task An_existing_replication_is_adopted_not_recreated_and_a_registry_by_ARM_id_needs_no_Registry_resource()
    {
        await using var h = await StartAsync();
        var client = h.Arm.CreateClient().Client;
        var unmanaged = ArmClientHarness.Registry("unmanaged1");
        await client.BeginCreateAsync(unmanaged, ArmClientHarness.Definition("Premium"), Ct);
        await client.Replications.BeginCreateAsync(ReplicationId("northeurope", unmanaged), new ArmReplicationDefinition { Location = "northeurope", Tags = new Dictionary<string, string> { ["team"] = "one" } }, Ct);
        await h.ApplyAsync(NewReplication(registryRef: new RegistryRef { ArmId = unmanaged.ResourceId }));

        await h.ReconcileReplicationAsync(Name);

        Assert.Equal(1, h.Arm.Requests("PUT", "/registries/unmanaged1/replications/northeurope"));
        Assert.Equal(0, h.Arm.Requests("PATCH", "/registries/unmanaged1/replications/northeurope"));
        var replication = await h.ReadReplicationAsync(Name);
        Assert.True(IsReady(replication!.Status), Describe(replication));
        Assert.Equal(ReplicationId("northeurope", unmanaged).ResourceId, replication.Status.ResourceId, ignoreCase: true);
    }

    [Theory]
    [InlineData(DeletionPolicy.Delete)]
    [InlineData(DeletionPolicy.Orphan)]
    public async Task Deleting_the_resource_deletes_or_orphans_the_replication_by_policy(DeletionPolicy policy)
    {
        await using var h = await StartAsync();
        await h.ReadyRegistryAsync();
        await h.ApplyAsync(NewReplication(deletion: policy));
        await h.ReconcileReplicationAsync(Name);

        await h.DeleteReplicationAsync(Name);
        await h.ReconcileReplicationAsync(Name);

        Assert.Null(await h.ReadReplicationAsync(Name));
        var remaining = await h.Arm.CreateClient().Client.Replications.GetAsync(ReplicationId("northeurope"), Ct);
        Assert.Equal(policy == DeletionPolicy.Orphan, remaining is not null);
        Assert.Equal(policy == DeletionPolicy.Delete ? 1 : 0, h.Arm.Requests("DELETE", ReplicationPath()));
    }

    [Fact]
    public async Task A_pending_create_is_kept_in_status_and_polled_not_sent_again()
    {
        await using var h = await StartAsync();
        await h.ReadyRegistryAsync();
        h.Arm.Server.Completion.Set(Replications, "PUT", ArmCompletionStyle.AzureAsyncOperation);
        await h.ApplyAsync(NewReplication());

        var started = await h.ReconcileReplicationAsync(Name);
        var pending = await h.ReadReplicationAsync(Name);
        Assert.Equal(AzureOperationKind.Create, pending!.Status.Operation?.Kind);
        Assert.Equal(AzureConditions.Creating, Condition(pending.Status, ConditionTypes.Reconciling)?.Reason);
        Assert.True(started.RequeueAfter < TimeSpan.FromMinutes(1));

        h.Arm.Advance(TimeSpan.FromSeconds(30));
        await h.ReconcileReplicationAsync(Name);

        var done = await h.ReadReplicationAsync(Name);
        Assert.True(IsReady(done!.Status), Describe(done));
        Assert.Null(done.Status.Operation);
        Assert.Equal(1, h.Arm.Requests("PUT", ReplicationPath()));
    }

    [Fact]
    public async Task A_missing_Registry_is_waited_for_and_its_becoming_Ready_requeues_the_replication()
    {
        await using var h = await StartAsync();
        await h.ApplyAsync(NewReplication());

        var waiting = await h.ReconcileReplicationAsync(Name);
        var replication = await h.ReadReplicationAsync(Name);
        Assert.Equal(RegistryRefResolver.RegistryNotFound, Condition(replication!.Status, ConditionTypes.Reconciling)?.Reason);
        Assert.Contains(RegistryName, Condition(replication.Status, ConditionTypes.Ready)!.Message, StringComparison.Ordinal);
        Assert.True(waiting.RequeueAfter >= Options.ResyncInterval, "waiting for a Registry must not poll");
        Assert.DoesNotContain(h.Arm.Server.RequestLog.Entries, e => e.Path.Contains("/replications/", StringComparison.OrdinalIgnoreCase));

        // A Registry that exists but is not Ready yet: still waiting, with the other reason.
        await h.Cluster.Api.CreateAsync(RegistryResources.Registries, Namespace, NewRegistry(), Ct);
        await h.ReconcileReplicationAsync(Name);
        Assert.Equal(RegistryRefResolver.RegistryNotReady, Condition((await h.ReadReplicationAsync(Name))!.Status, ConditionTypes.Reconciling)?.Reason);

        h.Requeued.Clear();
        await h.ReconcileRegistryUntilReadyAsync();
        await h.AssertRequeuedAsync(new ObjectKey(Namespace, Name));
        await h.ReconcileReplicationAsync(Name);

        Assert.True(IsReady((await h.ReadReplicationAsync(Name))!.Status));
    }

    [Fact]
    public async Task A_Standard_registry_stalls_the_replication_with_PremiumRequired_without_trying_then_an_upgrade_lets_it_through()
    {
        await using var h = await StartAsync();
        await h.ReadyRegistryAsync(RegistrySku.Standard);
        await h.ApplyAsync(NewReplication());

        var stalled = await h.ReconcileReplicationAsync(Name);
        await h.ReconcileReplicationAsync(Name);

        var replication = await h.ReadReplicationAsync(Name);
        var condition = Condition(replication!.Status, ConditionTypes.Stalled);
        Assert.Equal(ReplicationConditions.PremiumRequired, condition?.Reason);
        Assert.Contains("Standard", condition!.Message, StringComparison.Ordinal);
        Assert.Contains("spec.sku: Premium", condition.Message, StringComparison.Ordinal);
        Assert.Equal(replication.Metadata.Generation, replication.Status.ObservedGeneration);
        Assert.True(stalled.RequeueAfter >= Options.ResyncInterval, "a stalled replication must not retry before the resync");
        Assert.Equal(0, h.ArmWrites("/replications/"));
        Assert.Single(h.Events, e => e.Reason == ReplicationConditions.PremiumRequired);

        h.Requeued.Clear();
        await h.PatchRegistryAsync("""{"spec":{"sku":"Premium"}}""");
        await h.AssertRequeuedAsync(new ObjectKey(Namespace, Name));
        await h.ReconcileReplicationAsync(Name);

        Assert.True(IsReady((await h.ReadReplicationAsync(Name))!.Status));
    }

    [Fact]
    public async Task The_home_region_stalls_and_deleting_never_touches_the_home_replication()
    {
        await using var h = await StartAsync();
        await h.ReadyRegistryAsync();
        await h.ApplyAsync(NewReplication(HomeLocation));

        await h.ReconcileReplicationAsync("repl-westus");

        var replication = await h.ReadReplicationAsync("repl-westus");
        var condition = Condition(replication!.Status, ConditionTypes.Stalled);
        Assert.Equal(ReplicationConditions.HomeRegion, condition?.Reason);
        Assert.Contains("choose another region", condition!.Message, StringComparison.Ordinal);
        Assert.Null(replication.Status.ResourceId);

        await h.DeleteReplicationAsync("repl-westus");
        await h.ReconcileReplicationAsync("repl-westus");

        Assert.Null(await h.ReadReplicationAsync("repl-westus"));
        Assert.Equal(0, h.ArmWrites("/replications/"));
        Assert.NotNull(await h.Arm.CreateClient().Client.Replications.GetAsync(ReplicationId(HomeLocation), Ct));
    }

    [Fact]
    public async Task Observe_only_reads_and_reports_and_a_reconcile_request_is_recorded_without_a_write()
    {
        await using var h = await StartAsync();
        await h.ReadyRegistryAsync();
        var replication = NewReplication();
        replication.Metadata.Annotations = new Dictionary<string, string>
        {
            [AnnotationNames.ReconcilePolicy] = AnnotationNames.ReconcilePolicyValues.Skip,
            [AnnotationNames.ReconcileRequestedAt] = "first",
        };
        await h.ApplyAsync(replication);

        await h.ReconcileReplicationAsync(Name);

        var observed = await h.ReadReplicationAsync(Name);
        Assert.Equal(AzureConditions.NotFoundInAzure, Condition(observed!.Status, ConditionTypes.Ready)?.Reason);
        Assert.Equal("first", observed.Status.LastHandledReconcileRequest);
        Assert.Null(observed.Metadata.Finalizers);
        Assert.Equal(0, h.ArmWrites("/replications/"));

        await h.Arm.CreateClient().Client.Replications.BeginCreateAsync(ReplicationId("northeurope"), new ArmReplicationDefinition { Location = "northeurope", Tags = new Dictionary<string, string> { ["team"] = "other" } }, Ct);
        var request = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationNames.ReconcileRequestedAt] = "second" } } };
        await h.PatchReplicationAsync(Name, request.ToJsonString());
        await h.ReconcileReplicationAsync(Name);

        observed = await h.ReadReplicationAsync(Name);
        Assert.Equal(AzureConditions.Observed, Condition(observed!.Status, ConditionTypes.Ready)?.Reason);
        Assert.Equal("second", observed.Status.LastHandledReconcileRequest);
        Assert.Equal(1, h.ArmWrites("/replications/"));
    }

    [Fact]
    public void A_non_Premium_refusal_from_Azure_reads_as_PremiumRequired_and_other_refusals_as_the_shared_reasons()
    {
        var id = ReplicationId("eastus");
        var sku = new ArmError(ArmErrorKind.Terminal, "ReplicationNotSupported", "Replication is not supported for the SKU Standard. Geo-replication requires the Premium SKU.", 400);
        var denied = new ArmError(ArmErrorKind.Terminal, ArmErrorCodes.AuthorizationFailed, "no", 403);

        Assert.Equal(ReplicationConditions.PremiumRequired, ReplicationConditions.ForTerminal(sku, id, "me").Reason);
        var (reason, message) = ReplicationConditions.ForTerminal(denied, id, "the operator's own identity");
        Assert.Equal(AzureConditions.AuthorizationFailed, reason);
        Assert.Contains(id.ResourceId, message, StringComparison.Ordinal);
    }

    private static string Describe(Replication? replication) => replication is null
        ? "no such Replication"
        : string.Join("; ", replication.Status.Conditions.Select(c => $"{c.Type}={c.Status} ({c.Reason}): {c.Message}"));
}
