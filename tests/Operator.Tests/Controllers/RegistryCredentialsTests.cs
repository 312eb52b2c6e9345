using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Status;
using AcrOperator.Tests.Azure;

namespace AcrOperator.Tests.Controllers;

/// <summary>
/// The Registry reconciler acting as the identity its credentials name, against both emulators: the ARM emulator's
/// Entra ID issues each principal its own token, so its request log shows who called and its role check refuses
/// principals outside their scopes.
/// </summary>
public sealed class RegistryCredentialsTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string TeamClient = "0f5c4e6a-7b8c-4d9e-8f01-23456789abcd";
    private const string TeamSecret = "team-s3cret~value.1";
    private const string OtherClient = "9e8d7c6b-5a49-4382-9170-fedcba987654";
    private const string OtherSecret = "other-s3cret~value.2";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_credentialsRef_principal_without_a_role_is_refused_as_itself_and_succeeds_once_granted_one()
    {
        await using var h = await RegistryHarness.StartAsync();
        h.Arm.Server.Entra.AddServicePrincipal(Tenant, TeamClient, TeamSecret);
        await h.ApplySecretAsync("team-azure", Principal(TeamClient, TeamSecret));
        await h.ApplyAsync(WithCredentials("team-azure"));

        await h.ReconcileAsync();

        var refused = await h.ReadAsync();
        var stalled = Conditions.Find(refused!.Status.Conditions, ConditionTypes.Stalled);
        Assert.Equal(AzureConditions.AuthorizationFailed, stalled?.Reason);
        Assert.Contains($"Secret {RegistryHarness.Namespace}/team-azure (client id {TeamClient})", stalled!.Message, StringComparison.Ordinal);
        Assert.Contains("AuthorizationFailed", stalled.Message, StringComparison.Ordinal);
        Assert.All(RegistryCalls(h), e => Assert.Equal(TeamClient, e.ClientId));
        Assert.Equal(0, h.ArmRequests("PUT"));

        h.Arm.Server.Entra.AssignRole(TeamClient, $"/subscriptions/{ArmClientHarness.Subscription}/resourceGroups/{RegistryHarness.Id.ResourceGroup}");
        await h.PatchSpecAsync("""{"metadata":{"annotations":{"acr.operator.dev/reconcile-requested-at":"now"}}}""");
        await h.ReconcileAsync();

        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()), "not Ready once the principal holds a role on the resource group");
        Assert.Equal(1, h.ArmRequests("PUT"));
        Assert.All(RegistryCalls(h), e => Assert.Equal(TeamClient, e.ClientId));
    }

    [Fact]
    public async Task The_namespace_default_Secret_is_used_without_credentialsRef_and_a_rotated_one_takes_effect_on_the_next_pass()
    {
        await using var h = await RegistryHarness.StartAsync();
        h.Arm.Server.Entra.AddServicePrincipal(Tenant, TeamClient, TeamSecret);
        h.Arm.Server.Entra.AddServicePrincipal(Tenant, OtherClient, OtherSecret);
        h.Arm.Server.Entra.AssignRole(TeamClient, "/subscriptions/" + ArmClientHarness.Subscription);
        h.Arm.Server.Entra.AssignRole(OtherClient, "/subscriptions/" + ArmClientHarness.Subscription);
        await h.ApplySecretAsync(AzureCredentialsResolver.DefaultSecretName, Principal(TeamClient, TeamSecret));
        await h.ApplyAsync(RegistryHarness.Sample());

        await h.ReconcileAsync();
        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()));
        Assert.All(RegistryCalls(h), e => Assert.Equal(TeamClient, e.ClientId));

        var before = RegistryCalls(h).Count;
        await h.ApplySecretAsync(AzureCredentialsResolver.DefaultSecretName, Principal(OtherClient, OtherSecret));
        await h.ReconcileAsync();

        var after = RegistryCalls(h).Skip(before).ToList();
        Assert.NotEmpty(after);
        Assert.All(after, e => Assert.Equal(OtherClient, e.ClientId));
    }

    [Fact]
    public async Task Without_any_credentials_Secret_the_operator_identity_acts()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplyAsync(RegistryHarness.Sample());

        await h.ReconcileAsync();

        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()));
        Assert.All(RegistryCalls(h), e => Assert.Null(e.ClientId));
    }

    [Fact]
    public async Task WorkloadIdentity_signs_in_as_the_Secret_client_id_with_the_operator_service_account_token()
    {
        await using var h = await RegistryHarness.StartAsync();
        const string issuer = "https://oidc.example/cluster";
        const string subject = "system:serviceaccount:acr-operator-system:acr-operator";
        var tokenFile = Path.Combine(Directory.CreateTempSubdirectory("acr-operator-wi-").FullName, "azure-identity-token");
        await File.WriteAllTextAsync(tokenFile, ServiceAccountToken(issuer, subject), Ct);
        h.Arm.Server.Entra.AddServicePrincipal(Tenant, TeamClient);
        h.Arm.Server.Entra.AddFederatedCredential(TeamClient, issuer, subject);
        h.Arm.Server.Entra.AssignRole(TeamClient, "/");
        var azure = h.Arm.Options();
        azure.FederatedTokenFile = tokenFile;
        h.NewReconciler(azure);
        await h.ApplySecretAsync("team-azure", new Dictionary<string, string> { ["tenantId"] = Tenant, ["clientId"] = TeamClient, ["workloadIdentity"] = "true" });
        await h.ApplyAsync(WithCredentials("team-azure"));

        await h.ReconcileAsync();

        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()));
        Assert.NotEmpty(RegistryCalls(h));
        Assert.All(RegistryCalls(h), e => Assert.Equal(TeamClient, e.ClientId));
        Directory.Delete(Path.GetDirectoryName(tokenFile)!, recursive: true);
    }

    [Fact]
    public async Task A_wrong_client_secret_ends_Stalled_AuthenticationFailed_and_the_secret_appears_nowhere()
    {
        await using var h = await RegistryHarness.StartAsync();
        h.Arm.Server.Entra.AddServicePrincipal(Tenant, TeamClient, TeamSecret);
        h.Arm.Server.Entra.AssignRole(TeamClient, "/");
        const string wrong = "not-the-right-s3cret";
        await h.ApplySecretAsync("team-azure", Principal(TeamClient, wrong));
        await h.ApplyAsync(WithCredentials("team-azure"));

        var result = await h.ReconcileAsync();

        var registry = await h.ReadAsync();
        var stalled = Conditions.Find(registry!.Status.Conditions, ConditionTypes.Stalled);
        Assert.Equal(AzureConditions.AuthenticationFailed, stalled?.Reason);
        Assert.Contains("AADSTS7000215", stalled!.Message, StringComparison.Ordinal);
        Assert.Contains($"Secret {RegistryHarness.Namespace}/team-azure", stalled.Message, StringComparison.Ordinal);
        Assert.True(result.RequeueAfter >= TimeSpan.FromMinutes(10), "refused credentials must not be retried hot");
        Assert.Empty(RegistryCalls(h));
        AssertNowhere(h, registry, wrong);
    }

    [Fact]
    public async Task A_missing_credentials_Secret_ends_Stalled_CredentialsNotFound_is_retried_with_backoff_and_recovers_once_created()
    {
        await using var h = await RegistryHarness.StartAsync();
        h.Arm.Server.Entra.AddServicePrincipal(Tenant, TeamClient, TeamSecret);
        h.Arm.Server.Entra.AssignRole(TeamClient, "/");
        await h.ApplyAsync(WithCredentials("team-azure"));

        // Thrown after the status write, so the controller retries with its per-key backoff.
        var failure = await Assert.ThrowsAsync<CredentialsException>(h.ReconcileAsync);

        var registry = await h.ReadAsync();
        var stalled = Conditions.Find(registry!.Status.Conditions, ConditionTypes.Stalled);
        Assert.Equal(AzureConditions.CredentialsNotFound, stalled?.Reason);
        Assert.Equal(failure.Message, stalled!.Message);
        Assert.Contains($"Secret {RegistryHarness.Namespace}/team-azure", stalled.Message, StringComparison.Ordinal);
        Assert.Contains(h.Events, e => e.Reason == AzureConditions.CredentialsNotFound);
        Assert.Equal(0, h.Arm.Server.RequestLog.Entries.Count(e => e.Path.Contains("/registries/", StringComparison.OrdinalIgnoreCase)));

        await h.ApplySecretAsync("team-azure", Principal(TeamClient, TeamSecret));
        await h.ReconcileAsync();

        Assert.True(RegistryHarness.IsReady(await h.ReadAsync()));
    }

    [Fact]
    public async Task A_Secret_without_clientSecret_ends_Stalled_InvalidCredentials_saying_which_key_to_add()
    {
        await using var h = await RegistryHarness.StartAsync();
        await h.ApplySecretAsync(AzureCredentialsResolver.DefaultSecretName, new Dictionary<string, string> { ["tenantId"] = Tenant, ["clientId"] = TeamClient });
        await h.ApplyAsync(RegistryHarness.Sample());

        await Assert.ThrowsAsync<CredentialsException>(h.ReconcileAsync);

        var stalled = Conditions.Find((await h.ReadAsync())!.Status.Conditions, ConditionTypes.Stalled);
        Assert.Equal(AzureConditions.InvalidCredentials, stalled?.Reason);
        Assert.Contains("has no clientSecret", stalled!.Message, StringComparison.Ordinal);
        Assert.Contains("workloadIdentity", stalled.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.ArmWrites);
    }

    [Fact]
    public async Task Deleting_with_its_credentials_gone_stalls_with_the_way_out_and_Orphan_releases_it()
    {
        await using var h = await RegistryHarness.StartAsync();
        h.Arm.Server.Entra.AddServicePrincipal(Tenant, TeamClient, TeamSecret);
        h.Arm.Server.Entra.AssignRole(TeamClient, "/");
        await h.ApplySecretAsync("team-azure", Principal(TeamClient, TeamSecret));
        await h.ApplyAsync(WithCredentials("team-azure"));
        await h.ReconcileAsync();
        await h.Cluster.Api.DeleteAsync(AcrOperator.Runtime.Kube.ResourceType.Secrets, RegistryHarness.Namespace, "team-azure", Ct);

        await h.Cluster.Api.DeleteAsync(RegistryResources.Registries, RegistryHarness.Namespace, RegistryHarness.Name, Ct);
        await Assert.ThrowsAsync<CredentialsException>(h.ReconcileAsync);

        var stuck = await h.ReadAsync();
        var stalled = Conditions.Find(stuck!.Status.Conditions, ConditionTypes.Stalled);
        Assert.Equal(AzureConditions.CredentialsNotFound, stalled?.Reason);
        Assert.Contains("deletionPolicy to Orphan", stalled!.Message, StringComparison.Ordinal);

        await h.PatchSpecAsync("""{"spec":{"deletionPolicy":"Orphan"}}""");
        await h.ReconcileAsync();

        Assert.Null(await h.ReadAsync());
        Assert.NotNull(await h.Arm.CreateClient().Client.GetAsync(RegistryHarness.Id, Ct));
    }

    private static Registry WithCredentials(string secretName)
    {
        var registry = RegistryHarness.Sample();
        registry.Spec.CredentialsRef = new SecretRef { Name = secretName };
        return registry;
    }

    private static Dictionary<string, string> Principal(string clientId, string secret) => new()
    {
        ["tenantId"] = Tenant,
        ["clientId"] = clientId,
        ["clientSecret"] = secret + "\n",
    };

    // A projected service-account token as the emulator's Entra ID reads it: issuer, subject and audience (unsigned).
    private static string ServiceAccountToken(string issuer, string subject)
    {
        var payload = new System.Text.Json.Nodes.JsonObject
        {
            ["iss"] = issuer,
            ["sub"] = subject,
            ["aud"] = new System.Text.Json.Nodes.JsonArray("api://AzureADTokenExchange"),
            ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        };
        return $"{Base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}")}.{Base64Url(payload.ToJsonString())}.c2lnbmF0dXJl";

        static string Base64Url(string text) => System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(text));
    }

    private static List<Sandbox.Arm.Diagnostics.ArmRequestLogEntry> RegistryCalls(RegistryHarness h) =>
        [.. h.Arm.Server.RequestLog.Entries.Where(e => e.Path.Contains("/registries/" + RegistryHarness.AzureName, StringComparison.OrdinalIgnoreCase))];

    private static void AssertNowhere(RegistryHarness h, Registry registry, string secret)
    {
        Assert.DoesNotContain(secret, k8s.KubernetesJson.Serialize(registry), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Events, e => e.Message.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(h.Arm.Logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
    }
}
