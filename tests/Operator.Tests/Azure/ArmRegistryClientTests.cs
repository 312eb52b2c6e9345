using AcrOperator.Azure;
using AcrOperator.Sandbox.Arm;
using static AcrOperator.Tests.Azure.ArmClientHarness;

namespace AcrOperator.Tests.Azure;

public sealed class ArmRegistryClientTests
{
    private const string Registries = "Microsoft.ContainerRegistry/registries";

    [Fact]
    public async Task The_emulator_is_trusted_through_configuration_only_and_an_untrusting_client_fails_TLS()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var (trusting, _) = arm.CreateClient();
        Assert.Null(await trusting.GetAsync(Registry("missing1"), TestContext.Current.CancellationToken));

        var (untrusting, _) = arm.CreateClient(arm.Options(trustEmulator: false));
        var failure = await Assert.ThrowsAsync<ArmRequestException>(() => untrusting.GetAsync(Registry("missing1"), TestContext.Current.CancellationToken));
        Assert.Equal(ArmErrorKind.Terminal, failure.Kind);
        Assert.Equal(ArmErrorCodes.TlsValidationFailed, failure.Error.Code);
        Assert.Equal(1, arm.Metrics.Requests.Count(r => r.Status == 0));
    }

    [Fact]
    public async Task A_synchronous_create_succeeds_at_once_with_the_login_server()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var (client, _) = arm.CreateClient();

        var created = await client.BeginCreateAsync(Registry("syncreg1"), Definition(), TestContext.Current.CancellationToken);

        Assert.Equal(ArmOperationState.Succeeded, created.State);
        Assert.Null(created.Operation);
        Assert.Equal("syncreg1.azurecr.io", created.Resource!.LoginServer);
        Assert.Equal("Succeeded", created.Resource.ProvisioningState);
        Assert.Equal(Registry("syncreg1").ResourceId, created.Resource.Id, ignoreCase: true);
        var read = await client.GetAsync(Registry("syncreg1"), TestContext.Current.CancellationToken);
        Assert.Equal("Standard", read!.Sku);
        Assert.Equal("value", read.Tags["key"]);
        Assert.Contains(arm.Metrics.Requests, r => r == ("registries.create", 200));
    }

    [Fact]
    public async Task An_Azure_AsyncOperation_create_is_polled_one_step_per_call_then_read_from_the_resource()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        arm.Server.Completion.Set(Registries, "PUT", ArmCompletionStyle.AzureAsyncOperation);
        var (client, _) = arm.CreateClient();

        var started = await client.BeginCreateAsync(Registry("asyncreg1"), Definition(), TestContext.Current.CancellationToken);
        Assert.Equal(ArmOperationState.InProgress, started.State);
        Assert.Equal(ArmOperationKind.AzureAsyncOperation, started.Operation!.Kind);
        Assert.Equal("PUT", started.Operation.Method);
        Assert.Equal(TimeSpan.FromSeconds(1), started.RetryAfter);
        Assert.Contains("/operationStatuses/", started.Operation.PollingUrl.AbsolutePath, StringComparison.Ordinal);

        var polled = await client.PollAsync(started.Operation, TestContext.Current.CancellationToken);
        Assert.Equal(ArmOperationState.InProgress, polled.State);
        Assert.Equal(1, arm.Requests("GET", "/operationStatuses/"));

        arm.Advance(TimeSpan.FromSeconds(10));
        var done = await client.PollAsync(polled.Operation!, TestContext.Current.CancellationToken);
        Assert.Equal(ArmOperationState.Succeeded, done.State);
        Assert.Equal("Succeeded", done.Resource!.ProvisioningState);
        Assert.Equal("asyncreg1.azurecr.io", done.Resource.LoginServer);
        Assert.Equal(2, arm.Requests("GET", "/operationStatuses/"));
        Assert.Equal(1, arm.Requests("PUT", "/registries/asyncreg1"));
    }

    [Fact]
    public async Task Location_create_and_delete_are_polled_to_completion()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        arm.Server.Completion.Set(Registries, ArmCompletionStyle.Location);
        var (client, _) = arm.CreateClient();

        var started = await client.BeginCreateAsync(Registry("locreg1"), Definition(), TestContext.Current.CancellationToken);
        Assert.Equal(ArmOperationKind.Location, started.Operation!.Kind);
        Assert.Equal(ArmOperationState.InProgress, (await client.PollAsync(started.Operation, TestContext.Current.CancellationToken)).State);
        arm.Advance(TimeSpan.FromSeconds(10));
        var created = await client.PollAsync(started.Operation, TestContext.Current.CancellationToken);
        Assert.Equal(ArmOperationState.Succeeded, created.State);
        Assert.Equal("locreg1.azurecr.io", created.Resource!.LoginServer);

        var deleting = await client.BeginDeleteAsync(Registry("locreg1"), TestContext.Current.CancellationToken);
        Assert.Equal(ArmOperationState.InProgress, deleting.State);
        Assert.Equal("DELETE", deleting.Operation!.Method);
        arm.Advance(TimeSpan.FromSeconds(10));
        var deleted = await client.PollAsync(deleting.Operation, TestContext.Current.CancellationToken);
        Assert.Equal(ArmOperationState.Succeeded, deleted.State);
        Assert.Null(deleted.Resource);
        Assert.Null(await client.GetAsync(Registry("locreg1"), TestContext.Current.CancellationToken));
        Assert.Equal(ArmOperationState.Succeeded, (await client.BeginDeleteAsync(Registry("locreg1"), TestContext.Current.CancellationToken)).State);
    }

    [Fact]
    public async Task A_stored_operation_token_is_resumed_by_a_new_client_without_a_second_create()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        arm.Server.Completion.Set(Registries, "PUT", ArmCompletionStyle.AzureAsyncOperation);
        var (before, _) = arm.CreateClient();
        var started = await before.BeginCreateAsync(Registry("resumereg1"), Definition(), TestContext.Current.CancellationToken);
        var stored = started.Operation!.ToJson();

        var (afterRestart, _) = arm.CreateClient();
        var token = ArmOperation.FromJson(stored);
        Assert.Equal(started.Operation, token);
        arm.Advance(TimeSpan.FromSeconds(10));
        var done = await afterRestart.PollAsync(token, TestContext.Current.CancellationToken);

        Assert.Equal(ArmOperationState.Succeeded, done.State);
        Assert.Equal("resumereg1", done.Resource!.Name);
        Assert.Equal(1, arm.Requests("PUT", "/registries/resumereg1"));
    }

    [Fact]
    public async Task A_token_pointing_away_from_the_ARM_endpoint_is_refused_so_the_bearer_token_stays_home()
    {
        await using var arm = await StartAsync();
        var (client, _) = arm.CreateClient();
        var forged = new ArmOperation(ArmOperationKind.Location, "PUT", Registry("reg12345").ResourceId, new Uri("https://attacker.example/collect"), DateTimeOffset.UtcNow);

        var refused = await Assert.ThrowsAsync<ArmRequestException>(() => client.PollAsync(forged, TestContext.Current.CancellationToken));

        Assert.Equal(ArmErrorKind.Terminal, refused.Kind);
    }

    [Fact]
    public async Task An_update_sends_one_PATCH_with_only_the_given_fields()
    {
        Assert.Equal("""{"properties":{"adminUserEnabled":true}}""", ArmRegistryJson.WriteUpdate(new ArmRegistryUpdate { AdminUserEnabled = true }).ToString());
        Assert.Equal("""{"tags":{"a":"b"}}""", ArmRegistryJson.WriteUpdate(new ArmRegistryUpdate { Tags = new Dictionary<string, string> { ["a"] = "b" } }).ToString());
        Assert.True(new ArmRegistryUpdate().IsEmpty);

        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var (client, _) = arm.CreateClient();
        await client.BeginCreateAsync(Registry("patchreg1"), Definition(), TestContext.Current.CancellationToken);

        var updated = await client.BeginUpdateAsync(Registry("patchreg1"), new ArmRegistryUpdate { AdminUserEnabled = true }, TestContext.Current.CancellationToken);

        Assert.Equal(ArmOperationState.Succeeded, updated.State);
        Assert.True(updated.Resource!.AdminUserEnabled);
        Assert.Equal("value", updated.Resource.Tags["key"]);
        Assert.Equal("Standard", updated.Resource.Sku);
        Assert.Equal(1, arm.Requests("PATCH", "/registries/patchreg1"));
    }

    [Fact]
    public async Task Errors_are_classified_with_their_ARM_codes()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateGroupAsync(subscription: OtherSubscription);
        var (client, _) = arm.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        var noGroup = await Assert.ThrowsAsync<ArmRequestException>(() => client.BeginCreateAsync(Registry("reg12345", group: "nogroup"), Definition(), ct));
        Assert.Equal((ArmErrorKind.NotFound, ArmErrorCodes.ResourceGroupNotFound, 404), (noGroup.Kind, noGroup.Error.Code, noGroup.Error.Status));
        Assert.NotNull(noGroup.Error.RequestId);

        await client.BeginCreateAsync(Registry("takenname1"), Definition(), ct);
        var taken = await Assert.ThrowsAsync<ArmRequestException>(() => client.BeginCreateAsync(Registry("takenname1", subscription: OtherSubscription), Definition(), ct));
        Assert.Equal((ArmErrorKind.Terminal, ArmErrorCodes.AlreadyInUse, 409), (taken.Kind, taken.Error.Code, taken.Error.Status));
        Assert.True(taken.Error.IsNameConflict);
        Assert.False((await client.CheckNameAvailabilityAsync(OtherSubscription, "takenname1", ct)).NameAvailable);

        var invalid = await Assert.ThrowsAsync<ArmRequestException>(() => client.BeginCreateAsync(Registry("a-b"), Definition(), ct));
        Assert.Equal((ArmErrorKind.Terminal, ArmErrorCodes.InvalidResourceName, 400), (invalid.Kind, invalid.Error.Code, invalid.Error.Status));

        var badSku = await Assert.ThrowsAsync<ArmRequestException>(() => client.BeginCreateAsync(Registry("badsku1"), Definition(sku: "Gold"), ct));
        Assert.Equal(ArmErrorKind.Terminal, badSku.Kind);
        Assert.Equal(400, badSku.Error.Status);
    }

    [Fact]
    public async Task A_single_503_is_retried_inside_the_call_and_a_persistent_one_is_Transient()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var (client, _) = arm.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        arm.Server.Faults.Add(new Sandbox.Arm.Faults.ArmFault { Kind = Sandbox.Arm.Faults.ArmFaultKind.Error, Status = 503, RetryAfterSeconds = 0, Count = 1, ResourceType = Registries });

        Assert.Null(await client.GetAsync(Registry("blip12345"), ct));
        Assert.Contains(arm.Metrics.Requests, r => r == ("registries.get", 503));

        arm.Server.Faults.Add(new Sandbox.Arm.Faults.ArmFault { Kind = Sandbox.Arm.Faults.ArmFaultKind.Error, Status = 503, RetryAfterSeconds = 5, ResourceType = Registries });
        var down = await Assert.ThrowsAsync<ArmRequestException>(() => client.GetAsync(Registry("blip12345"), ct));
        Assert.Equal(ArmErrorKind.Transient, down.Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), down.Error.RetryAfter);

        arm.Server.Faults.Clear();
        arm.Server.Faults.Add(new Sandbox.Arm.Faults.ArmFault { Kind = Sandbox.Arm.Faults.ArmFaultKind.Drop, ResourceType = Registries });
        var dropped = await Assert.ThrowsAsync<ArmRequestException>(() => client.GetAsync(Registry("blip12345"), ct));
        Assert.Equal((ArmErrorKind.Transient, ArmErrorCodes.NoResponse), (dropped.Kind, dropped.Error.Code));
    }

    [Fact]
    public async Task A_principal_acts_with_its_own_token_and_token_failures_are_classified_before_any_ARM_request()
    {
        const string tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        const string clientId = "0f5c4e6a-7b8c-4d9e-8f01-23456789abcd";
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        arm.Server.Entra.AddServicePrincipal(tenant, clientId, "right-s3cret");
        arm.Server.Entra.AssignRole(clientId, "/");
        var (factory, credentials, _) = arm.CreateFactory();
        var ct = TestContext.Current.CancellationToken;

        var signedIn = factory.ClientFor(credentials.FromServicePrincipal("test", "1", new AzureServicePrincipal(tenant, clientId, "right-s3cret")));
        Assert.Null(await signedIn.GetAsync(Registry("principal1"), ct));
        Assert.Equal(clientId, arm.Server.RequestLog.Entries[^1].ClientId);

        var before = arm.Server.RequestLog.Entries.Count;
        var wrong = factory.ClientFor(credentials.FromServicePrincipal("test", "2", new AzureServicePrincipal(tenant, clientId, "wrong-s3cret")));
        var refused = await Assert.ThrowsAsync<ArmRequestException>(() => wrong.GetAsync(Registry("principal1"), ct));
        Assert.Equal((ArmErrorKind.Terminal, ArmErrorCodes.CredentialRejected, 0), (refused.Kind, refused.Error.Code, refused.Error.Status));
        Assert.StartsWith("AADSTS7000215: Invalid client secret provided.", refused.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Trace ID", refused.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-s3cret", refused.ToString(), StringComparison.Ordinal);

        var unreachable = arm.Options();
        unreachable.AuthorityHost = new Uri("https://127.0.0.1:1/");
        var (offline, offlineCredentials, _) = arm.CreateFactory(unreachable);
        var client = offline.ClientFor(offlineCredentials.FromServicePrincipal("test", "1", new AzureServicePrincipal(tenant, clientId, "right-s3cret")));
        var down = await Assert.ThrowsAsync<ArmRequestException>(() => client.GetAsync(Registry("principal1"), ct));
        Assert.Equal((ArmErrorKind.Transient, ArmErrorCodes.TokenRequestFailed), (down.Kind, down.Error.Code));
        Assert.Equal(before, arm.Server.RequestLog.Entries.Count);
    }

    [Fact]
    public async Task Admin_passwords_never_reach_exception_messages_logs_or_ToString()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var (client, _) = arm.CreateClient();
        var ct = TestContext.Current.CancellationToken;
        await client.BeginCreateAsync(Registry("secretreg1"), Definition(adminUserEnabled: true), ct);

        var credentials = await client.ListCredentialsAsync(Registry("secretreg1"), ct);
        var regenerated = await client.RegenerateCredentialAsync(Registry("secretreg1"), "password2", ct);
        Assert.Equal("secretreg1", credentials.Username);
        Assert.Equal(2, credentials.Passwords.Count);
        Assert.NotEqual(credentials.Passwords[1].Value, regenerated.Passwords[1].Value);
        Assert.True(arm.Server.CheckCredentials("secretreg1.azurecr.io", "secretreg1", regenerated.Passwords[1].Value));

        await client.BeginUpdateAsync(Registry("secretreg1"), new ArmRegistryUpdate { AdminUserEnabled = false }, ct);
        var refused = await Assert.ThrowsAsync<ArmRequestException>(() => client.ListCredentialsAsync(Registry("secretreg1"), ct));
        Assert.Equal((ArmErrorKind.Terminal, ArmErrorCodes.UnAuthorizedForCredentialOperations), (refused.Kind, refused.Error.Code));

        var secrets = credentials.Passwords.Concat(regenerated.Passwords).Select(p => p.Value).ToList();
        var visible = arm.Logs.Lines.Append(refused.ToString()).Append(credentials.ToString()).Append(regenerated.Passwords[0].ToString()).ToList();
        Assert.NotEmpty(arm.Logs.Lines);
        Assert.All(secrets, secret => Assert.DoesNotContain(visible, line => line.Contains(secret, StringComparison.Ordinal)));
        Assert.DoesNotContain(visible, line => line.Contains("Bearer", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_data_plane_endpoint_follows_the_configured_template()
    {
        Assert.Equal(new Uri("https://myreg.azurecr.io/"), new AzureOptions().DataPlaneEndpoint("myreg.azurecr.io"));
        var emulator = new AzureOptions { DataPlaneEndpointTemplate = "https://127.0.0.1:8443/_dataplane/{loginServer}" };
        Assert.Equal(new Uri("https://127.0.0.1:8443/_dataplane/myreg.azurecr.io/"), emulator.DataPlaneEndpoint("myreg.azurecr.io"));
        Assert.False(new AzureOptionsValidator().Validate(null, new AzureOptions { DataPlaneEndpointTemplate = "http://nothing" }).Succeeded);
        Assert.False(new AzureOptionsValidator().Validate(null, new AzureOptions { Credential = AzureCredentialMode.StaticToken }).Succeeded);
        Assert.False(new AzureOptionsValidator().Validate(null, new AzureOptions { TrustSystemCertificateAuthorities = false }).Succeeded);
    }
}
