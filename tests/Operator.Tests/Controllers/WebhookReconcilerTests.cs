using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Status;
using k8s;
using static AcrOperator.Tests.Controllers.RegistryChildHarness;

namespace AcrOperator.Tests.Controllers;

/// <summary>The Webhook reconciler against both emulators: its callback from Secrets, compared through getCallbackConfig, and its ping.</summary>
public sealed class WebhookReconcilerTests
{
    private const string Token = "t0ken-2f9a";
    private const string HeaderSecret = "h3ader-77c1";
    private const string WebhookPath = $"/registries/{RegistryAzureName}/webhooks/hookone";

    private static readonly string ServiceUri = $"https://ci.example.com/hooks/acr?token={Token}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Creates_the_webhook_with_the_callback_from_its_Secrets_and_reports_Ready_then_a_quiet_resync_writes_nothing()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewWebhook());

        var first = await h.ReconcileWebhookAsync();

        var webhook = await h.ReadWebhookAsync();
        Assert.True(IsReady(webhook!.Status), Describe(webhook));
        Assert.Equal(WebhookId().ResourceId, webhook.Status.ResourceId, ignoreCase: true);
        Assert.Equal(webhook.Metadata.Generation, webhook.Status.ObservedGeneration);
        Assert.True(first.RequeueAfter >= Options.ResyncInterval);
        Assert.Equal(1, h.Arm.Requests("PUT", WebhookPath));
        Assert.Contains(h.Events, e => e.Reason == AzureConditions.Creating && e.Message == $"Creating webhook hookone in registry {RegistryAzureName}");
        var client = h.Arm.CreateClient().Client.Webhooks;
        var config = await client.GetCallbackConfigAsync(WebhookId(), Ct);
        Assert.Equal(ServiceUri, config.ServiceUri);
        Assert.Equal($"Bearer {HeaderSecret}", config.CustomHeaders["Authorization"]);
        var inAzure = await client.GetAsync(WebhookId(), Ct);
        Assert.Equal(["push"], inAzure!.Actions);
        Assert.Equal(HomeLocation, inAzure.Location);

        var armWrites = h.ArmWrites("/webhooks/");
        var callbackReads = h.Arm.Requests("POST", WebhookPath + "/getCallbackConfig");
        var kubeRevision = h.Cluster.Server.ResourceVersion;
        await h.ReconcileWebhookAsync();
        await h.ReconcileWebhookAsync();

        Assert.Equal(armWrites, h.ArmWrites("/webhooks/"));
        Assert.Equal(kubeRevision, h.Cluster.Server.ResourceVersion);
        // Each resync compares the callback through getCallbackConfig, the only place Azure shows it.
        Assert.Equal(callbackReads + 2, h.Arm.Requests("POST", WebhookPath + "/getCallbackConfig"));
    }

    [Fact]
    public async Task A_spec_change_is_one_PATCH_of_only_the_changed_fields()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewWebhook());
        await h.ReconcileWebhookAsync();

        await h.PatchWebhookAsync("""{"spec":{"scope":"payments/api:*","enabled":false}}""");
        await h.ReconcileWebhookAsync();
        await h.ReconcileWebhookAsync();

        Assert.Equal(1, h.Arm.Requests("PATCH", WebhookPath));
        Assert.Contains(h.Events, e => e.Reason == AzureConditions.Updating && e.Message == "Updating webhook hookone: enabled, scope");
        var inAzure = await h.Arm.CreateClient().Client.Webhooks.GetAsync(WebhookId(), Ct);
        Assert.Equal("payments/api:*", inAzure!.Scope);
        Assert.False(inAzure.Enabled);
        Assert.Equal(ServiceUri, (await h.Arm.CreateClient().Client.Webhooks.GetCallbackConfigAsync(WebhookId(), Ct)).ServiceUri);
        var webhook = await h.ReadWebhookAsync();
        Assert.True(IsReady(webhook!.Status));
        Assert.Equal(2, webhook.Status.ObservedGeneration);
    }

    [Fact]
    public async Task Drift_in_the_callback_made_in_Azure_is_found_through_getCallbackConfig_and_corrected()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewWebhook());
        await h.ReconcileWebhookAsync();
        var client = h.Arm.CreateClient().Client.Webhooks;
        await client.BeginUpdateAsync(WebhookId(), new ArmWebhookUpdate { Callback = new ArmWebhookCallbackConfig("https://evil.example.com/", new Dictionary<string, string>()) }, Ct);

        await h.ReconcileWebhookAsync();

        var config = await client.GetCallbackConfigAsync(WebhookId(), Ct);
        Assert.Equal(ServiceUri, config.ServiceUri);
        Assert.Equal($"Bearer {HeaderSecret}", config.CustomHeaders["Authorization"]);
        Assert.Equal(2, h.Arm.Requests("PATCH", WebhookPath));
        Assert.Contains(h.Events, e => e.Message == "Updating webhook hookone: serviceUriSecretRef/customHeadersSecretRef");
    }

    [Fact]
    public async Task A_changed_Secret_wakes_the_webhook_through_its_watch_and_reaches_Azure_in_one_PATCH()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewWebhook());
        await h.ReconcileWebhookAsync();
        Assert.Equal(2, h.SecretWatches.Count);
        await h.Cluster.ApplySecretAsync(Namespace, "unrelated", new Dictionary<string, string> { ["x"] = "y" });

        await h.Cluster.ApplySecretAsync(Namespace, "hook-uri", new Dictionary<string, string> { ["uri"] = "https://ci.example.com/hooks/acr?token=r0tated" });

        await Integration.Eventually.TrueAsync(() => h.SecretChanged.Contains(new ObjectKey(Namespace, "hook-one")));
        Assert.Single(h.SecretChanged);
        await h.ReconcileWebhookAsync();
        Assert.Equal("https://ci.example.com/hooks/acr?token=r0tated", (await h.Arm.CreateClient().Client.Webhooks.GetCallbackConfigAsync(WebhookId(), Ct)).ServiceUri);
        Assert.Equal(1, h.Arm.Requests("PATCH", WebhookPath));

        h.SecretChanged.Clear();
        await h.Cluster.ApplySecretAsync(Namespace, "hook-headers", new Dictionary<string, string> { ["X-Team"] = "one" });
        await Integration.Eventually.TrueAsync(() => !h.SecretChanged.IsEmpty);
        await h.ReconcileWebhookAsync();
        Assert.Equal("one", (await h.Arm.CreateClient().Client.Webhooks.GetCallbackConfigAsync(WebhookId(), Ct)).CustomHeaders["X-Team"]);
    }

    [Fact]
    public async Task A_Secret_that_is_not_there_yet_stalls_the_webhook_until_its_creation_wakes_it()
    {
        await using var h = await StartAsync();
        await h.ReadyRegistryAsync();
        await h.ApplyAsync(NewWebhook(headers: false));

        await h.ReconcileWebhookAsync();
        var stalled = await h.ReadWebhookAsync();
        var condition = Condition(stalled!.Status, ConditionTypes.Stalled);
        Assert.Equal(WebhookSecrets.SecretNotFound, condition?.Reason);
        Assert.Contains("hook-uri", condition!.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.ArmWrites("/webhooks/"));

        await h.Cluster.ApplySecretAsync(Namespace, "hook-uri", new Dictionary<string, string> { ["uri"] = "not a uri " + Token });
        await Integration.Eventually.TrueAsync(() => h.SecretChanged.Contains(new ObjectKey(Namespace, "hook-one")));
        await h.ReconcileWebhookAsync();
        var invalid = Condition((await h.ReadWebhookAsync())!.Status, ConditionTypes.Stalled);
        Assert.Equal(WebhookSecrets.InvalidSecret, invalid?.Reason);
        Assert.DoesNotContain(Token, invalid!.Message, StringComparison.Ordinal);

        await h.Cluster.ApplySecretAsync(Namespace, "hook-uri", new Dictionary<string, string> { ["uri"] = ServiceUri });
        await h.ReconcileWebhookAsync();
        Assert.True(IsReady((await h.ReadWebhookAsync())!.Status));
    }

    [Fact]
    public async Task Each_new_ping_request_pings_once_and_status_records_the_event()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewWebhook());
        await h.ReconcileWebhookAsync();

        foreach (var (value, pings) in new[] { ("2026-01-01T00:00:00Z", 1), ("2026-01-02T00:00:00Z", 2) })
        {
            var annotation = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationNames.PingRequestedAt] = value } } };
            await h.PatchWebhookAsync(annotation.ToJsonString());
            await h.ReconcileWebhookAsync();
            await h.ReconcileWebhookAsync();

            var webhook = await h.ReadWebhookAsync();
            Assert.Equal(value, webhook!.Status.LastHandledPingRequest);
            Assert.True(Guid.TryParse(webhook.Status.LastPingEventId, out _), webhook.Status.LastPingEventId);
            Assert.Equal(pings, h.Arm.Requests("POST", WebhookPath + "/ping"));
            Assert.Contains(h.Events, e => e.Reason == WebhookReconciler.Pinged && e.Message.Contains(webhook.Status.LastPingEventId!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_existing_webhook_is_adopted_without_a_PUT_and_one_of_an_unmanaged_registry_is_reached_by_ARM_id()
    {
        await using var h = await StartAsync();
        await SecretsAsync(h);
        var client = h.Arm.CreateClient().Client;
        var unmanaged = Azure.ArmClientHarness.Registry("unmanaged2");
        await client.BeginCreateAsync(unmanaged, Azure.ArmClientHarness.Definition("Standard"), Ct);
        var callback = new ArmWebhookCallbackConfig(ServiceUri, new Dictionary<string, string> { ["Authorization"] = $"Bearer {HeaderSecret}" });
        await client.Webhooks.BeginCreateAsync(WebhookId(registry: unmanaged), new ArmWebhookDefinition { Location = "westus", Callback = callback, Actions = ["push"], Tags = new Dictionary<string, string> { ["team"] = "one" } }, Ct);
        var webhook = NewWebhook();
        webhook.Spec.RegistryRef = new RegistryRef { ArmId = unmanaged.ResourceId };
        await h.ApplyAsync(webhook);

        await h.ReconcileWebhookAsync();

        Assert.True(IsReady((await h.ReadWebhookAsync())!.Status), Describe(await h.ReadWebhookAsync()));
        Assert.Equal(1, h.Arm.Requests("PUT", "/registries/unmanaged2/webhooks/hookone"));
        Assert.Equal(0, h.Arm.Requests("PATCH", "/registries/unmanaged2/webhooks/hookone"));
    }

    [Theory]
    [InlineData(DeletionPolicy.Delete)]
    [InlineData(DeletionPolicy.Orphan)]
    public async Task Deleting_the_resource_deletes_or_orphans_the_webhook_by_policy_and_stops_watching_its_Secrets(DeletionPolicy policy)
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewWebhook(deletion: policy));
        await h.ReconcileWebhookAsync();

        await h.DeleteWebhookAsync();
        await h.ReconcileWebhookAsync();

        Assert.Null(await h.ReadWebhookAsync());
        Assert.Equal(policy == DeletionPolicy.Orphan, await h.Arm.CreateClient().Client.Webhooks.GetAsync(WebhookId(), Ct) is not null);
        Assert.Equal(0, h.SecretWatches.Count);
    }

    [Fact]
    public async Task A_missing_Registry_is_waited_for_without_touching_Azure()
    {
        await using var h = await StartAsync();
        await SecretsAsync(h);
        await h.ApplyAsync(NewWebhook());

        var waiting = await h.ReconcileWebhookAsync();

        var webhook = await h.ReadWebhookAsync();
        Assert.Equal(RegistryRefResolver.RegistryNotFound, Condition(webhook!.Status, ConditionTypes.Reconciling)?.Reason);
        Assert.True(waiting.RequeueAfter >= Options.ResyncInterval);
        Assert.DoesNotContain(h.Arm.Server.RequestLog.Entries, e => e.Path.Contains("/webhooks/", StringComparison.OrdinalIgnoreCase));

        h.Requeued.Clear();
        await h.ReadyRegistryAsync();
        await h.AssertRequeuedAsync(new ObjectKey(Namespace, "hook-one"));
    }

    [Fact]
    public async Task The_URI_and_headers_never_appear_in_logs_events_or_status()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewWebhook());
        await h.ReconcileWebhookAsync();
        await h.PatchWebhookAsync("""{"spec":{"scope":"a:*"}}""");
        await h.ReconcileWebhookAsync();
        await h.Arm.CreateClient().Client.Webhooks.BeginUpdateAsync(WebhookId(), new ArmWebhookUpdate { Callback = new ArmWebhookCallbackConfig("https://drift.example.com/", new Dictionary<string, string>()) }, Ct);
        await h.ReconcileWebhookAsync();
        var status = KubernetesJson.Serialize((await h.ReadWebhookAsync())!.Status);
        await h.DeleteWebhookAsync();
        await h.ReconcileWebhookAsync();

        var shown = string.Join('\n', h.Arm.Logs.Lines.Concat(h.Events.Select(e => e.Message)).Append(status));
        Assert.Contains("hookone", status, StringComparison.Ordinal);
        Assert.NotEmpty(h.Arm.Logs.Lines);
        Assert.DoesNotContain(Token, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(HeaderSecret, shown, StringComparison.Ordinal);
    }

    /// <summary>A Ready Premium Registry and the webhook's two Secrets.</summary>
    private static async Task<RegistryChildHarness> ReadyAsync()
    {
        var h = await StartAsync();
        await h.ReadyRegistryAsync();
        await SecretsAsync(h);
        return h;
    }

    private static async Task SecretsAsync(RegistryChildHarness h)
    {
        await h.Cluster.ApplySecretAsync(Namespace, "hook-uri", new Dictionary<string, string> { ["uri"] = ServiceUri + "\n" });
        await h.Cluster.ApplySecretAsync(Namespace, "hook-headers", new Dictionary<string, string> { ["Authorization"] = $"Bearer {HeaderSecret}" });
    }

    private static string Describe(Webhook? webhook) => webhook is null
        ? "no such Webhook"
        : string.Join("; ", webhook.Status.Conditions.Select(c => $"{c.Type}={c.Status} ({c.Reason}): {c.Message}"));
}
