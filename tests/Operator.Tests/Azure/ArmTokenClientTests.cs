using AcrOperator.Azure;
using AcrOperator.Sandbox.Arm;
using static AcrOperator.Tests.Azure.ArmClientHarness;

namespace AcrOperator.Tests.Azure;

/// <summary>Scope maps, tokens, generateCredentials and the data plane's token exchange against the ARM emulator.</summary>
public sealed class ArmTokenClientTests
{
    private const string PullScopeMap = "_repositories_pull";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_pull_scope_map_is_found_and_a_token_on_it_rotates_one_password_while_the_other_keeps_working()
    {
        await using var arm = await StartAsync();
        var (registry, loginServer) = await CreateRegistryAsync(arm, "tokenreg1");
        var (factory, credentials, _) = arm.CreateFactory();
        var identity = credentials.OperatorIdentity!;
        var tokens = factory.TokensFor(identity);

        var scopeMap = await tokens.GetScopeMapAsync(registry, PullScopeMap, Ct);
        Assert.NotNull(scopeMap);
        Assert.Equal(["repositories/*/content/read"], scopeMap.Actions);
        Assert.Null(await tokens.GetScopeMapAsync(registry, "nosuchmap", Ct));

        Assert.Null(await tokens.GetTokenAsync(registry, "pull-token", Ct));
        var created = await tokens.BeginCreateTokenAsync(registry, "pull-token", scopeMap.Id, Ct);
        Assert.Equal(ArmOperationState.Succeeded, created.State);
        Assert.True(created.Resource!.IsEnabled);
        Assert.Equal(scopeMap.Id, created.Resource.ScopeMapId, ignoreCase: true);
        Assert.Empty(created.Resource.Passwords);

        var expiry = arm.Time.GetUtcNow().AddDays(30);
        var first = (await tokens.GenerateCredentialsAsync(registry, created.Resource.Id, "password1", expiry, Ct)).Passwords.Single();
        Assert.Equal("password1", first.Name);
        Assert.Equal(expiry.ToUnixTimeSeconds(), first.Expiry!.Value.ToUnixTimeSeconds());
        Assert.True(arm.Server.CheckCredentials(loginServer, "pull-token", first.Value));

        var second = (await tokens.GenerateCredentialsAsync(registry, created.Resource.Id, "password2", expiry.AddDays(1), Ct)).Passwords.Single();
        Assert.True(arm.Server.CheckCredentials(loginServer, "pull-token", second.Value));
        Assert.True(arm.Server.CheckCredentials(loginServer, "pull-token", first.Value), "generating password2 must leave password1 working");

        var third = (await tokens.GenerateCredentialsAsync(registry, created.Resource.Id, "password1", expiry.AddDays(2), Ct)).Passwords.Single();
        Assert.False(arm.Server.CheckCredentials(loginServer, "pull-token", first.Value), "the regenerated password's old value must stop working");
        Assert.True(arm.Server.CheckCredentials(loginServer, "pull-token", second.Value));
        Assert.True(arm.Server.CheckCredentials(loginServer, "pull-token", third.Value));

        var read = await tokens.GetTokenAsync(registry, "pull-token", Ct);
        Assert.Equal(expiry.AddDays(2).ToUnixTimeSeconds(), read!.Password("password1")!.Expiry!.Value.ToUnixTimeSeconds());
        Assert.Equal(expiry.AddDays(1).ToUnixTimeSeconds(), read.Password("password2")!.Expiry!.Value.ToUnixTimeSeconds());
        Assert.DoesNotContain(third.Value, third.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_past_its_expiry_is_refused_by_the_registry()
    {
        await using var arm = await StartAsync();
        var (registry, loginServer) = await CreateRegistryAsync(arm, "tokenreg2");
        var (factory, credentials, _) = arm.CreateFactory();
        var identity = credentials.OperatorIdentity!;
        var tokens = factory.TokensFor(identity);
        var scopeMap = await tokens.GetScopeMapAsync(registry, PullScopeMap, Ct);
        var token = (await tokens.BeginCreateTokenAsync(registry, "short-lived", scopeMap!.Id, Ct)).Resource!;

        var password = (await tokens.GenerateCredentialsAsync(registry, token.Id, "password1", arm.Time.GetUtcNow().AddMinutes(1), Ct)).Passwords.Single();
        Assert.True(arm.Server.CheckCredentials(loginServer, "short-lived", password.Value));
        arm.Advance(TimeSpan.FromMinutes(2));
        Assert.False(arm.Server.CheckCredentials(loginServer, "short-lived", password.Value));
    }

    [Fact]
    public async Task An_asynchronous_token_create_reads_as_Creating_until_it_settles_and_delete_of_a_missing_token_counts_as_done()
    {
        await using var arm = await StartAsync();
        var (registry, _) = await CreateRegistryAsync(arm, "tokenreg3");
        arm.Server.Completion.Set("Microsoft.ContainerRegistry/registries/tokens", ArmCompletionStyle.AzureAsyncOperation);
        var (factory, credentials, _) = arm.CreateFactory();
        var identity = credentials.OperatorIdentity!;
        var tokens = factory.TokensFor(identity);
        var scopeMap = await tokens.GetScopeMapAsync(registry, PullScopeMap, Ct);

        var started = await tokens.BeginCreateTokenAsync(registry, "async-token", scopeMap!.Id, Ct);
        Assert.Equal(ArmOperationState.InProgress, started.State);
        Assert.Equal("Creating", (await tokens.GetTokenAsync(registry, "async-token", Ct))!.ProvisioningState);
        arm.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal("Succeeded", (await tokens.GetTokenAsync(registry, "async-token", Ct))!.ProvisioningState);

        var deleting = await tokens.BeginDeleteTokenAsync(registry, "async-token", Ct);
        Assert.Equal(ArmOperationState.InProgress, deleting.State);
        arm.Advance(TimeSpan.FromSeconds(11));
        Assert.Null(await tokens.GetTokenAsync(registry, "async-token", Ct));
        var again = await tokens.BeginDeleteTokenAsync(registry, "async-token", Ct);
        Assert.Equal(ArmOperationState.Succeeded, again.State);
        Assert.Equal(1, arm.Requests("PUT", "/tokens/async-token"));
    }

    [Fact]
    public async Task A_token_on_a_missing_registry_reads_as_absent_and_generating_for_a_missing_token_is_NotFound()
    {
        await using var arm = await StartAsync();
        var (registry, _) = await CreateRegistryAsync(arm, "tokenreg4");
        var (factory, credentials, _) = arm.CreateFactory();
        var identity = credentials.OperatorIdentity!;
        var tokens = factory.TokensFor(identity);

        Assert.Null(await tokens.GetTokenAsync(Registry("nosuchregistry"), "t1234", Ct));
        var refused = await Assert.ThrowsAsync<ArmRequestException>(() =>
            tokens.GenerateCredentialsAsync(registry, registry.ResourceId + "/tokens/nosuchtoken", "password1", null, Ct));
        Assert.Equal(ArmErrorKind.NotFound, refused.Kind);
    }

    [Fact]
    public async Task The_token_exchange_returns_a_refresh_token_whose_lifetime_is_read_from_the_JWT_and_the_registry_accepts_it()
    {
        await using var arm = await StartAsync();
        var (_, loginServer) = await CreateRegistryAsync(arm, "exchangereg1");
        var (factory, credentials, _) = arm.CreateFactory();
        var identity = credentials.OperatorIdentity!;

        var refresh = await factory.Exchange.ExchangeAsync(loginServer, identity, Ct);

        var now = arm.Time.GetUtcNow();
        Assert.InRange(refresh.IssuedAt, now.AddSeconds(-2), now.AddSeconds(2));
        // The emulator's refresh tokens live 3 h, as Learn gives for az acr login.
        Assert.InRange(refresh.ExpiresAt - refresh.IssuedAt, TimeSpan.FromHours(3) - TimeSpan.FromSeconds(1), TimeSpan.FromHours(3) + TimeSpan.FromSeconds(1));
        Assert.True(arm.Server.CheckCredentials(loginServer, AcrRefreshToken.Username, refresh.Value));
        Assert.DoesNotContain(refresh.Value, refresh.ToString(), StringComparison.Ordinal);
        Assert.Contains(arm.Metrics.Requests, r => r == ("acr.oauth2Exchange", 200));

        var unknown = await Assert.ThrowsAsync<ArmRequestException>(() => factory.Exchange.ExchangeAsync("nosuchregistry.azurecr.io", identity, Ct));
        Assert.Equal(ArmErrorKind.NotFound, unknown.Kind);
    }

    [Fact]
    public async Task A_registry_id_is_parsed_back_from_the_resource_id_ARM_reports()
    {
        await using var arm = await StartAsync();
        var (registry, _) = await CreateRegistryAsync(arm, "parsereg1");
        var (client, _) = arm.CreateClient();
        var observed = await client.GetAsync(registry, Ct);

        Assert.True(ArmRegistryId.TryParse(observed!.Id, out var parsed));
        Assert.Equal(registry.ResourceId, parsed.ResourceId, ignoreCase: true);
        Assert.False(ArmRegistryId.TryParse("/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/x", out _));
        Assert.False(ArmRegistryId.TryParse(null, out _));
    }

    private static async Task<(ArmRegistryId Registry, string LoginServer)> CreateRegistryAsync(ArmClientHarness arm, string name)
    {
        await arm.CreateGroupAsync();
        var (client, _) = arm.CreateClient();
        var created = await client.BeginCreateAsync(Registry(name), Definition(), Ct);
        return (Registry(name), created.Resource!.LoginServer!);
    }
}
