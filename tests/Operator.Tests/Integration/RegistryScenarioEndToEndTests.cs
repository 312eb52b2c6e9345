using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.Status;
using AcrOperator.Tests.TestSupport;
using k8s;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// Issue 5's scenarios with the operator as its own process against both emulators, all on one shared operator:
/// each test has its own Registry, Azure name and resource group, and counts only its own registry's ARM requests.
/// </summary>
public sealed class RegistryScenarioEndToEndTests(SharedOperatorFixture fixture) : IClassFixture<SharedOperatorFixture>
{
    private readonly OperatorOnEmulators _env = fixture.Env;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_spec_change_is_exactly_one_PATCH_and_ends_Ready_at_the_new_generation()
    {
        var registry = await _env.NewRegistryInOwnGroupAsync("spec-change");
        var path = OperatorOnEmulators.ArmPath(registry);

        await _env.ExplainFailuresAsync(async () =>
        {
            await _env.ApplyAndWaitReadyAsync(registry);
            var mark = _env.Arm.RequestLog.Mark();

            var changed = await _env.PatchAsync("spec-change", """{"spec":{"sku":"Standard","adminUserEnabled":true}}""");
            Assert.Equal(2, changed.Metadata.Generation);
            var ready = await _env.WaitForAsync("spec-change", OperatorOnEmulators.IsReadyAtCurrentGeneration);
            // One resync after Ready reads the updated registry and must find nothing left to change.
            await _env.WaitForReadsAsync(path, _env.Arm.RequestLog.Mark(), 1);

            var requests = _env.Arm.RequestLog.Since(mark).For(path).ToList();
            Assert.Equal(1, requests.Count("PATCH"));
            Assert.Equal(0, requests.Count("PUT"));
            Assert.Equal(2, ready.Status.ObservedGeneration);
            var inAzure = (await _env.ReadArmAsync(path))!;
            Assert.Equal("Standard", (string?)inAzure["sku"]?["name"]);
            Assert.True((bool?)inAzure["properties"]?["adminUserEnabled"]);
        });
    }

    [Fact]
    public async Task Drift_made_in_ARM_is_corrected_by_the_next_resync_with_one_PATCH()
    {
        var registry = await _env.NewRegistryInOwnGroupAsync("drifted");
        var path = OperatorOnEmulators.ArmPath(registry);

        await _env.ExplainFailuresAsync(async () =>
        {
            var before = await _env.ApplyAndWaitReadyAsync(registry);

            // Someone turns the admin user on in the portal: nothing changes in Kubernetes.
            using (var drift = await _env.SendToRegistryAsync(HttpMethod.Patch, path, new JsonObject { ["properties"] = new JsonObject { ["adminUserEnabled"] = true } }))
            {
                Assert.True(drift.IsSuccessStatusCode, $"drift PATCH: {(int)drift.StatusCode}");
            }

            var mark = _env.Arm.RequestLog.Mark();
            await Eventually.TrueAsync(() => _env.Arm.RequestLog.Since(mark).For(path).Count("PATCH") > 0, timeoutSeconds: 30);
            // The correction's final read, then at least one resync that must find nothing left to change.
            var corrected = _env.Arm.RequestLog.Mark();
            await _env.WaitForReadsAsync(path, corrected, 2);
            var after = await _env.WaitForAsync("drifted", OperatorOnEmulators.IsReadyAtCurrentGeneration);

            var requests = _env.Arm.RequestLog.Since(mark).For(path).ToList();
            Assert.Equal(1, requests.Count("PATCH"));
            Assert.Equal(0, requests.Count("PUT"));
            Assert.False((bool?)(await _env.WaitForArmAsync(path))["properties"]?["adminUserEnabled"]);
            Assert.Equal(before.Metadata.Generation, after.Metadata.Generation);
        });
    }

    [Fact]
    public async Task A_registry_that_already_exists_in_ARM_is_adopted_without_a_PUT()
    {
        var registry = await _env.NewRegistryInOwnGroupAsync("adopted");
        var path = OperatorOnEmulators.ArmPath(registry);
        await _env.CreateInArmAsync(path);

        await _env.ExplainFailuresAsync(async () =>
        {
            var mark = _env.Arm.RequestLog.Mark();
            var adopted = await _env.ApplyAndWaitReadyAsync(registry);
            await _env.WaitForReadsAsync(path, _env.Arm.RequestLog.Mark(), 1);

            var requests = _env.Arm.RequestLog.Since(mark).Within(path).ToList();
            Assert.Equal(0, requests.Count("PUT"));
            Assert.Equal(0, requests.Writes());
            Assert.Equal("/" + path, adopted.Status.ResourceId, ignoreCase: true);
            Assert.Equal("adopted.azurecr.io", adopted.Status.LoginServer);
        });
    }

    [Fact]
    public async Task Deleting_with_deletionPolicy_Orphan_leaves_the_registry_in_ARM()
    {
        var registry = await _env.NewRegistryInOwnGroupAsync("orphaned", DeletionPolicy.Orphan);
        var path = OperatorOnEmulators.ArmPath(registry);

        await _env.ExplainFailuresAsync(async () =>
        {
            await _env.ApplyAndWaitReadyAsync(registry);
            var mark = _env.Arm.RequestLog.Mark();

            await _env.DeleteAsync("orphaned");
            await _env.WaitForAsync("orphaned", r => r is null, timeoutSeconds: 30);

            Assert.Equal(0, _env.Arm.RequestLog.Since(mark).Within(path).Writes());
            Assert.NotNull(await _env.WaitForArmAsync(path));
        });
    }

    [Theory]
    [InlineData("short-name", "azureName", "ab", "spec.azureName")]
    [InlineData("dashed-name", "azureName", "no-dashes-in-azure", "spec.azureName")]
    [InlineData("unknown-sku", "sku", "Gold", "spec.sku")]
    [InlineData("display-location", "location", "West Europe", "spec.location")]
    [InlineData("slashed-group", "resourceGroup", "rg/slash", "spec.resourceGroup")]
    public async Task Invalid_names_and_SKUs_are_refused_by_the_CRD_schema_with_a_422_naming_the_field(string name, string field, string value, string path)
    {
        var registry = JsonNode.Parse(KubernetesJson.Serialize(OperatorOnEmulators.NewRegistry(name, "rg-invalid")))!.AsObject();
        registry["spec"]![field] = value;

        var refused = await Assert.ThrowsAsync<KubeApiException>(() => _env.Cluster.Api.CreateAsync(RegistryResources.Registries, OperatorOnEmulators.Namespace, registry, Ct));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(path, refused.Status?.Message, StringComparison.Ordinal);
        Assert.Null(await _env.ReadAsync(name));
    }

    [Fact]
    public async Task A_resource_group_that_does_not_exist_ends_Stalled_ResourceGroupNotFound()
    {
        var registry = OperatorOnEmulators.NewRegistry("no-group", "rg-never-created");

        await _env.ExplainFailuresAsync(async () =>
        {
            await _env.ApplyAsync(registry);

            var stalled = await _env.WaitForAsync("no-group", r => Conditions.IsTrue(r?.Status.Conditions, ConditionTypes.Stalled));
            var condition = Conditions.Find(stalled.Status.Conditions, ConditionTypes.Stalled)!;
            Assert.Equal(RegistryConditions.ResourceGroupNotFound, condition.Reason);
            Assert.Contains("rg-never-created", condition.Message, StringComparison.Ordinal);
            Assert.Contains("spec.resourceGroup", condition.Message, StringComparison.Ordinal);
            Assert.Equal(stalled.Metadata.Generation, stalled.Status.ObservedGeneration);
            Assert.False(OperatorOnEmulators.IsReady(stalled));

            await DeleteAndWaitAsync("no-group");
        });
    }

    [Fact]
    public async Task A_name_taken_in_another_subscription_ends_Stalled_NameNotAvailable_and_leaves_that_registry_alone()
    {
        var registry = await _env.NewRegistryInOwnGroupAsync("taken-name");
        var ours = OperatorOnEmulators.ArmPath(registry);
        var theirs = OperatorOnEmulators.ArmPath(registry, OperatorOnEmulators.OtherSubscription);
        await _env.CreateResourceGroupAsync(registry.Spec.ResourceGroup, OperatorOnEmulators.OtherSubscription);
        await _env.CreateInArmAsync(theirs);

        await _env.ExplainFailuresAsync(async () =>
        {
            var mark = _env.Arm.RequestLog.Mark();
            await _env.ApplyAsync(registry);

            var stalled = await _env.WaitForAsync("taken-name", r => Conditions.IsTrue(r?.Status.Conditions, ConditionTypes.Stalled));
            var condition = Conditions.Find(stalled.Status.Conditions, ConditionTypes.Stalled)!;
            Assert.Equal(RegistryConditions.NameNotAvailable, condition.Reason);
            Assert.Contains("spec.azureName", condition.Message, StringComparison.Ordinal);
            Assert.Null(await _env.ReadArmAsync(ours));

            // Deleting ours (deletionPolicy Delete) must not delete theirs, which merely has the same name.
            await DeleteAndWaitAsync("taken-name");
            Assert.Equal(0, _env.Arm.RequestLog.Since(mark).Within(theirs).Writes());
            Assert.NotNull(await _env.ReadArmAsync(theirs));
        });
    }

    /// <summary>Removes a stalled test's Registry, so the shared operator stops retrying it on every resync.</summary>
    private async Task DeleteAndWaitAsync(string name)
    {
        await _env.DeleteAsync(name);
        await _env.WaitForAsync(name, r => r is null, timeoutSeconds: 30);
    }
}
