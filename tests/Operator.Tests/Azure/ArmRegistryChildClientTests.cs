using AcrOperator.Azure;
using AcrOperator.Sandbox.Arm;
using static AcrOperator.Tests.Azure.ArmClientHarness;

namespace AcrOperator.Tests.Azure;

/// <summary>The replication and webhook clients against the ARM emulator: lifecycle, PATCH semantics, operations, and webhook secrecy.</summary>
public sealed class ArmRegistryChildClientTests
{
    private const string Replications = "Microsoft.ContainerRegistry/registries/replications";
    private const string Webhooks = "Microsoft.ContainerRegistry/registries/webhooks";
    private const string ServiceUri = "https://ci.example.com/hooks/acr?token=s3cr3t-t0ken";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ArmRegistryChildId Replication(string location, string registry = "premium1") => new(Registry(registry), ArmRegistryChildId.Replications, location);

    private static ArmRegistryChildId Webhook(string name, string registry = "premium1") => new(Registry(registry), ArmRegistryChildId.Webhooks, name);

    [Fact]
    public async Task A_replication_is_created_read_patched_in_only_what_is_sent_and_deleted()
    {
        await using var arm = await StartAsync();
        var client = await PremiumRegistryAsync(arm);
        var id = Replication("northeurope");

        var created = await client.Replications.BeginCreateAsync(id, new ArmReplicationDefinition { Location = "northeurope", ZoneRedundancy = "Enabled", Tags = new Dictionary<string, string> { ["a"] = "1" } }, Ct);
        Assert.Equal(ArmOperationState.Succeeded, created.State);
        Assert.Equal(id.ResourceId, created.Resource!.Id, ignoreCase: true);

        var patched = await client.Replications.BeginUpdateAsync(id, new ArmReplicationUpdate { RegionEndpointEnabled = false }, Ct);
        Assert.Equal(ArmOperationState.Succeeded, patched.State);
        var read = await client.Replications.GetAsync(id, Ct);
        Assert.False(read!.RegionEndpointEnabled);
        Assert.Equal("Enabled", read.ZoneRedundancy);
        Assert.Equal("1", read.Tags["a"]);
        Assert.Equal("northeurope", read.Location);
        Assert.Equal("Succeeded", read.ProvisioningState);

        Assert.Equal(ArmOperationState.Succeeded, (await client.Replications.BeginDeleteAsync(id, Ct)).State);
        Assert.Null(await client.Replications.GetAsync(id, Ct));
        Assert.Equal(ArmOperationState.Succeeded, (await client.Replications.BeginDeleteAsync(id, Ct)).State);
        Assert.Contains(arm.Metrics.Requests, r => r.Operation == "replications.update");
    }

    [Fact]
    public async Task Replication_writes_answered_with_Azure_AsyncOperation_and_Location_are_polled_to_their_end()
    {
        await using var arm = await StartAsync();
        var client = await PremiumRegistryAsync(arm);
        arm.Server.Completion.Set(Replications, "PUT", ArmCompletionStyle.AzureAsyncOperation);
        arm.Server.Completion.Set(Replications, "DELETE", ArmCompletionStyle.Location);
        var id = Replication("eastus");

        var started = await client.Replications.BeginCreateAsync(id, new ArmReplicationDefinition { Location = "eastus" }, Ct);
        Assert.Equal(ArmOperationState.InProgress, started.State);
        Assert.Equal(ArmOperationKind.AzureAsyncOperation, started.Operation!.Kind);
        arm.Advance(TimeSpan.FromSeconds(10));
        var created = await client.Replications.PollAsync(ArmOperation.FromJson(started.Operation.ToJson()), Ct);
        Assert.Equal(ArmOperationState.Succeeded, created.State);
        Assert.Equal("eastus", created.Resource!.Name);

        var deleting = await client.Replications.BeginDeleteAsync(id, Ct);
        Assert.Equal(ArmOperationKind.Location, deleting.Operation!.Kind);
        Assert.Equal(ArmOperationState.InProgress, (await client.Replications.PollAsync(deleting.Operation, Ct)).State);
        arm.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(ArmOperationState.Succeeded, (await client.Replications.PollAsync(deleting.Operation, Ct)).State);
        Assert.Null(await client.Replications.GetAsync(id, Ct));
    }

    [Fact]
    public async Task A_replication_of_a_Standard_registry_is_refused_terminally_and_a_missing_registry_reads_as_no_replication()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var (client, _) = arm.CreateClient();
        await client.BeginCreateAsync(Registry("standard1"), Definition("Standard"), Ct);

        var refused = await Assert.ThrowsAsync<ArmRequestException>(() => client.Replications.BeginCreateAsync(Replication("eastus", "standard1"), new ArmReplicationDefinition { Location = "eastus" }, Ct));

        Assert.Equal(ArmErrorKind.Terminal, refused.Kind);
        Assert.Contains("Premium", refused.Error.Message, StringComparison.Ordinal);
        Assert.Null(await client.Replications.GetAsync(Replication("eastus", "nosuchregistry"), Ct));
    }

    [Fact]
    public async Task A_webhook_keeps_its_callback_secret_from_GET_and_gives_it_through_getCallbackConfig()
    {
        await using var arm = await StartAsync();
        var client = await PremiumRegistryAsync(arm);
        var id = Webhook("hook1");
        var callback = new ArmWebhookCallbackConfig(ServiceUri, new Dictionary<string, string> { ["Authorization"] = "Bearer h3ad3r" });

        var created = await client.Webhooks.BeginCreateAsync(id, new ArmWebhookDefinition { Location = "westus", Callback = callback, Actions = ["push", "delete"], Scope = "app:*" }, Ct);
        Assert.Equal(ArmOperationState.Succeeded, created.State);

        var read = await client.Webhooks.GetAsync(id, Ct);
        Assert.Equal(["push", "delete"], read!.Actions);
        Assert.Equal("app:*", read.Scope);
        Assert.True(read.Enabled);
        var config = await client.Webhooks.GetCallbackConfigAsync(id, Ct);
        Assert.Equal(ServiceUri, config.ServiceUri);
        Assert.Equal("Bearer h3ad3r", config.CustomHeaders["Authorization"]);

        // A PATCH without the callback leaves it; one with it replaces URI and headers together.
        await client.Webhooks.BeginUpdateAsync(id, new ArmWebhookUpdate { Enabled = false }, Ct);
        Assert.Equal(ServiceUri, (await client.Webhooks.GetCallbackConfigAsync(id, Ct)).ServiceUri);
        Assert.False((await client.Webhooks.GetAsync(id, Ct))!.Enabled);
        await client.Webhooks.BeginUpdateAsync(id, new ArmWebhookUpdate { Callback = new ArmWebhookCallbackConfig("https://ci.example.com/other", new Dictionary<string, string>()) }, Ct);
        var replaced = await client.Webhooks.GetCallbackConfigAsync(id, Ct);
        Assert.Equal("https://ci.example.com/other", replaced.ServiceUri);
        Assert.Empty(replaced.CustomHeaders);

        var shown = string.Join('\n', arm.Logs.Lines.Append(config.ToString()).Append(new ArmWebhookDefinition { Location = "westus", Callback = callback, Actions = ["push"] }.ToString()));
        Assert.DoesNotContain("s3cr3t", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("h3ad3r", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ping_returns_the_event_id_and_a_deleted_webhook_is_gone()
    {
        await using var arm = await StartAsync();
        var client = await PremiumRegistryAsync(arm);
        var id = Webhook("hook2");
        await client.Webhooks.BeginCreateAsync(id, new ArmWebhookDefinition { Location = "westus", Callback = new ArmWebhookCallbackConfig(ServiceUri, new Dictionary<string, string>()), Actions = ["push"] }, Ct);

        var eventId = await client.Webhooks.PingAsync(id, Ct);

        Assert.True(Guid.TryParse(eventId, out _), eventId);
        Assert.Equal(1, arm.Requests("POST", "/webhooks/hook2/ping"));
        Assert.Equal(ArmOperationState.Succeeded, (await client.Webhooks.BeginDeleteAsync(id, Ct)).State);
        Assert.Null(await client.Webhooks.GetAsync(id, Ct));
        var missing = await Assert.ThrowsAsync<ArmRequestException>(() => client.Webhooks.PingAsync(id, Ct));
        Assert.Equal(ArmErrorKind.NotFound, missing.Kind);
    }

    [Theory]
    [InlineData("/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/reg1/replications/northeurope", "replications", "northeurope")]
    [InlineData("/SUBSCRIPTIONS/s1/resourcegroups/rg1/providers/microsoft.containerregistry/REGISTRIES/reg1/webhooks/hook1", "webhooks", "hook1")]
    [InlineData("/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/reg1/webhooks/hook1", "replications", null)]
    [InlineData("/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.ContainerRegistry/registries/reg1", "webhooks", null)]
    [InlineData(null, "webhooks", null)]
    public void Child_ids_parse_only_in_their_collection(string? resourceId, string collection, string? name)
    {
        var parsed = ArmRegistryChildId.TryParse(resourceId, collection, out var id);

        Assert.Equal(name is not null, parsed);
        Assert.Equal(name, id?.Name);
        Assert.Equal(name is null ? null : "reg1", id?.Registry.Name);
    }

    /// <summary>A Premium registry <c>premium1</c> in westus (which gets its home replication), and a client.</summary>
    private static async Task<IArmRegistryClient> PremiumRegistryAsync(ArmClientHarness arm)
    {
        await arm.CreateGroupAsync();
        var (client, _) = arm.CreateClient();
        await client.BeginCreateAsync(Registry("premium1"), Definition("Premium"), Ct);
        return client;
    }
}
