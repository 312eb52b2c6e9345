using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Status;
using AcrOperator.Sandbox.Arm.Diagnostics;
using AcrOperator.Tests.TestSupport;
using k8s.Models;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// Issue 7 end to end: Replications and Webhooks with the operator as its own process against both emulators, on one
/// shared operator (each test has its own Registry and resource group, and counts only its own requests). Writes in
/// ARM finish asynchronously (Azure-AsyncOperation), so every create, update and delete is parked in status and polled.
/// </summary>
public sealed class RegistryChildEndToEndTests(SharedOperatorFixture fixture) : IClassFixture<SharedOperatorFixture>
{
    private readonly OperatorOnEmulators _env = fixture.Env;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_replication_of_a_Premium_registry_is_created_patched_once_per_change_left_alone_at_resync_and_deleted()
    {
        var registry = await _env.NewRegistryInOwnGroupAsync("geo-source");
        registry.Spec.Sku = RegistrySku.Premium;
        var path = OperatorOnEmulators.ArmPath(registry) + "/replications/northeurope";

        await _env.ExplainFailuresAsync(async () =>
        {
            await _env.ApplyAndWaitReadyAsync(registry);
            await _env.ApplyAsync(ReplicationResources.Replications, Replication("geo-ne", "geo-source", "northeurope"));
            var ready = await _env.WaitForAsync<Replication>(ReplicationResources.Replications, "geo-ne", r => IsReadyAtCurrentGeneration(r?.Metadata, r?.Status));
            Assert.Equal("/" + path, ready.Status.ResourceId, ignoreCase: true);
            Assert.Equal(1, _env.Arm.RequestLog.Entries.For(path).Count("PUT"));

            // Quiet resyncs read the replication and write nothing.
            var quiet = _env.Arm.RequestLog.Mark();
            await Eventually.TrueAsync(() => _env.Arm.RequestLog.Since(quiet).For(path).Count("GET") >= 2, timeoutSeconds: 30);
            Assert.Equal(0, ChildWrites(_env.Arm.RequestLog.Since(quiet), path));

            var changed = _env.Arm.RequestLog.Mark();
            await _env.PatchAsync<Replication>(ReplicationResources.Replications, "geo-ne", """{"spec":{"regionEndpointEnabled":false}}""");
            await _env.WaitForAsync<Replication>(ReplicationResources.Replications, "geo-ne", r => IsReadyAtCurrentGeneration(r?.Metadata, r?.Status) && r!.Status.ObservedGeneration == 2);
            await Eventually.TrueAsync(() => _env.Arm.RequestLog.Since(changed).For(path).Count("GET") >= 2, timeoutSeconds: 30);
            Assert.Equal(1, _env.Arm.RequestLog.Since(changed).For(path).Count("PATCH"));
            Assert.Equal(1, ChildWrites(_env.Arm.RequestLog.Since(changed), path));
            Assert.False((bool?)(await ReadChildAsync(path))!["properties"]?["regionEndpointEnabled"]);

            await _env.DeleteAsync(ReplicationResources.Replications, "geo-ne");
            await _env.WaitForAsync<Replication>(ReplicationResources.Replications, "geo-ne", r => r is null, timeoutSeconds: 30);
            Assert.Null(await ReadChildAsync(path));
            Assert.Equal(1, _env.Arm.RequestLog.Entries.For(path).Count("DELETE"));
        });
    }

    [Fact]
    public async Task A_replication_of_a_Basic_registry_stalls_PremiumRequired_without_sending_it()
    {
        var registry = await _env.NewRegistryInOwnGroupAsync("geo-basic");
        var path = OperatorOnEmulators.ArmPath(registry) + "/replications/northeurope";

        await _env.ExplainFailuresAsync(async () =>
        {
            await _env.ApplyAndWaitReadyAsync(registry);
            await _env.ApplyAsync(ReplicationResources.Replications, Replication("geo-basic-ne", "geo-basic", "northeurope"));

            var stalled = await _env.WaitForAsync<Replication>(ReplicationResources.Replications, "geo-basic-ne", r => Conditions.IsTrue(r?.Status.Conditions, ConditionTypes.Stalled));
            Assert.Equal(ReplicationConditions.PremiumRequired, Conditions.Find(stalled.Status.Conditions, ConditionTypes.Stalled)!.Reason);
            Assert.Equal(0, ChildWrites(_env.Arm.RequestLog.Entries, path));

            await _env.DeleteAsync(ReplicationResources.Replications, "geo-basic-ne");
            await _env.WaitForAsync<Replication>(ReplicationResources.Replications, "geo-basic-ne", r => r is null, timeoutSeconds: 30);
        });
    }

    [Fact]
    public async Task A_webhook_gets_its_callback_from_Secrets_follows_a_Secret_change_pings_on_request_and_is_deleted()
    {
        var registry = await _env.NewRegistryInOwnGroupAsync("hooked");
        var path = OperatorOnEmulators.ArmPath(registry) + "/webhooks/deployhook";
        const string Token = "e2e-t0ken-8d1";

        await _env.ExplainFailuresAsync(async () =>
        {
            await _env.ApplyAndWaitReadyAsync(registry);
            await _env.Cluster.ApplySecretAsync(OperatorOnEmulators.Namespace, "hooked-uri", new Dictionary<string, string> { ["uri"] = $"https://ci.example.com/acr?token={Token}" });
            await _env.ApplyAsync(WebhookResources.Webhooks, Webhook("deploy-hook", "hooked", "hooked-uri"));

            await _env.WaitForAsync<Webhook>(WebhookResources.Webhooks, "deploy-hook", w => IsReadyAtCurrentGeneration(w?.Metadata, w?.Status));
            Assert.Equal($"https://ci.example.com/acr?token={Token}", (string?)(await CallbackAsync(path))["serviceUri"]);
            Assert.Equal(1, _env.Arm.RequestLog.Entries.For(path).Count("PUT"));

            // A quiet resync compares the callback through getCallbackConfig and writes nothing.
            var quiet = _env.Arm.RequestLog.Mark();
            await Eventually.TrueAsync(() => _env.Arm.RequestLog.Since(quiet).For(path).Count("GET") >= 2, timeoutSeconds: 30);
            Assert.Equal(0, ChildWrites(_env.Arm.RequestLog.Since(quiet), path));

            // The Secret's watch wakes the webhook long before the next resync would matter to a user.
            var rotated = _env.Arm.RequestLog.Mark();
            await _env.Cluster.ApplySecretAsync(OperatorOnEmulators.Namespace, "hooked-uri", new Dictionary<string, string> { ["uri"] = "https://ci.example.com/acr?token=rotated" });
            await Eventually.TrueAsync(async () => (string?)(await CallbackAsync(path))["serviceUri"] == "https://ci.example.com/acr?token=rotated", timeoutSeconds: 30);
            await Eventually.TrueAsync(() => _env.Arm.RequestLog.Since(rotated).For(path).Count("GET") >= 3, timeoutSeconds: 30);
            Assert.Equal(1, _env.Arm.RequestLog.Since(rotated).For(path).Count("PATCH"));

            var ping = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationNames.PingRequestedAt] = "now" } } };
            await _env.PatchAsync<Webhook>(WebhookResources.Webhooks, "deploy-hook", ping.ToJsonString());
            var pinged = await _env.WaitForAsync<Webhook>(WebhookResources.Webhooks, "deploy-hook", w => w?.Status.LastHandledPingRequest == "now");
            Assert.NotNull(pinged.Status.LastPingEventId);
            Assert.Equal(1, _env.Arm.RequestLog.Entries.Count(e => e.Method == "POST" && e.Path.Split('?')[0].EndsWith(path + "/ping", StringComparison.OrdinalIgnoreCase)));

            await _env.DeleteAsync(WebhookResources.Webhooks, "deploy-hook");
            await _env.WaitForAsync<Webhook>(WebhookResources.Webhooks, "deploy-hook", w => w is null, timeoutSeconds: 30);
            Assert.Null(await ReadChildAsync(path));
            Assert.DoesNotContain(Token, _env.Output, StringComparison.Ordinal);
        });
    }

    private static Replication Replication(string name, string registry, string location) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = OperatorOnEmulators.Namespace },
        Spec = new ReplicationSpec { RegistryRef = new RegistryRef { Name = registry }, Location = location },
    };

    private static Webhook Webhook(string name, string registry, string uriSecret) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = OperatorOnEmulators.Namespace },
        Spec = new WebhookSpec
        {
            RegistryRef = new RegistryRef { Name = registry },
            ServiceUriSecretRef = new SecretKeyRef { Name = uriSecret, Key = "uri" },
            Actions = [WebhookAction.Push, WebhookAction.Delete],
        },
    };

    private static bool IsReadyAtCurrentGeneration(V1ObjectMeta? metadata, IConditionedStatus? status) =>
        metadata is not null && status is not null
        && Conditions.IsTrue(status.Conditions, ConditionTypes.Ready)
        && status.ObservedGeneration == metadata.Generation;

    /// <summary>PUT, PATCH and DELETE of exactly this resource: getCallbackConfig is a POST that changes nothing.</summary>
    private static int ChildWrites(IEnumerable<ArmRequestLogEntry> entries, string path) =>
        entries.For(path).Count(e => e.Method is "PUT" or "PATCH" or "DELETE");

    private async Task<JsonNode?> ReadChildAsync(string path)
    {
        using var response = await _env.SendToRegistryAsync(HttpMethod.Get, path, null);
        return response.IsSuccessStatusCode ? JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)) : null;
    }

    private async Task<JsonNode> CallbackAsync(string webhookPath)
    {
        using var response = await _env.SendToRegistryAsync(HttpMethod.Post, webhookPath + "/getCallbackConfig", null);
        Assert.True(response.IsSuccessStatusCode, $"getCallbackConfig: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonNode>(Ct))!;
    }
}
