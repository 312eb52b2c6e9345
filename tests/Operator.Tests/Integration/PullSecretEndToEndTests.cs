using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Controllers.PullSecrets;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.Status;
using k8s;
using k8s.Models;
using static AcrOperator.Tests.Integration.PullSecretEnvironment;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// Issue 6 end to end: the operator as its own process against both emulators, one shared set per class; each test
/// has its own Registries, namespaces and label values.
/// </summary>
[Collection(PullSecretProcesses.Name)]
public sealed class PullSecretEndToEndTests(PullSecretEnvironment env) : IClassFixture<PullSecretEnvironment>
{
    private const string SelectorKey = "pull-test";
    private static readonly string[] RotationRequests = ["1", "2", "3"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task A_namespace_created_later_gets_the_Secret_and_the_selection_follows_labels_opt_out_and_termination() => env.RunAsync(async () =>
    {
        var labels = new Dictionary<string, string> { [SelectorKey] = "fanout" };
        await env.CreateNamespaceAsync("fan-early", labels);
        await env.CreateRegistryAsync(OperatorNamespace, "fanout", new PullSecretSpec
        {
            Namespaces = new V1LabelSelector { MatchLabels = labels },
            ServiceAccounts = ["default"],
        });
        var registry = await env.WaitForConditionAsync(OperatorNamespace, "fanout", Conditions.True);
        var loginServer = registry.Status.LoginServer!;
        const string secretName = "fanout-pull";

        var early = await SecretEventuallyAsync("fan-early", secretName);
        Assert.True(env.RegistryAccepts(early, loginServer));
        Assert.Equal(LabelNames.ManagedByValue, early.Metadata.Labels[LabelNames.ManagedBy]);
        Assert.Equal(registry.Metadata.Uid, early.Metadata.Labels[LabelNames.RegistryUid]);
        await EntryEventuallyAsync("fan-early", secretName, present: true);
        Assert.Null(await env.ReadSecretAsync(OperatorNamespace, secretName));

        // A namespace created now gets the Secret from the Namespace watch event.
        await env.CreateNamespaceAsync("fan-late", labels);
        var late = await SecretEventuallyAsync("fan-late", secretName, timeoutSeconds: 10);
        Assert.Equal(early.Data[PullSecretResources.DockerConfigKey], late.Data[PullSecretResources.DockerConfigKey]);
        await EntryEventuallyAsync("fan-late", secretName, present: true);

        await env.LabelNamespaceAsync("fan-late", SelectorKey, null);
        await Eventually.TrueAsync(async () => await env.ReadSecretAsync("fan-late", secretName) is null);
        await EntryEventuallyAsync("fan-late", secretName, present: false);
        var account = await env.ReadServiceAccountAsync("fan-late", "default");
        Assert.False(account!.Metadata.Labels?.ContainsKey(LabelNames.ImagePullSecrets) ?? false, "the watch label must go with the last entry");
        Assert.False(account.Metadata.Annotations?.ContainsKey(PullSecretResources.EntryAnnotation(registry.Metadata.Uid)) ?? false);

        await env.LabelNamespaceAsync("fan-late", SelectorKey, "fanout");
        await SecretEventuallyAsync("fan-late", secretName);

        await env.LabelNamespaceAsync("fan-late", LabelNames.PullSecrets, LabelNames.PullSecretsDisabled);
        await Eventually.TrueAsync(async () => await env.ReadSecretAsync("fan-late", secretName) is null);

        // A terminating namespace: a finalizer on a ConfigMap keeps it terminating; its Secret goes with its content,
        // and the operator must not try to write it again.
        await env.Cluster.Kubernetes.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "hold", Finalizers = ["test.acr.operator.dev/hold"] } }, "fan-early", cancellationToken: Ct);
        await env.Cluster.Api.DeleteAsync(ResourceType.Namespaces, null, "fan-early", Ct);
        await Eventually.TrueAsync(async () => await env.ReadSecretAsync("fan-early", secretName) is null);
        var creates = SecretCreates("fan-early");
        await WaitForStatusAsync("fanout", r => r.Status.PullSecret?.NamespacesServed == 0);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        Assert.Null(await env.ReadSecretAsync("fan-early", secretName));
        Assert.Equal(creates, SecretCreates("fan-early"));
        Assert.Equal(Conditions.True, Conditions.Find((await env.ReadRegistryAsync(OperatorNamespace, "fanout"))!.Status.Conditions, PullSecretConditions.PullSecretsReady)!.Status);
    });

    [Fact]
    public Task A_same_named_foreign_Secret_is_left_untouched_reported_and_served_once_it_is_gone() => env.RunAsync(async () =>
    {
        var labels = new Dictionary<string, string> { [SelectorKey] = "conflict" };
        await env.CreateNamespaceAsync("conflict-a", labels);
        await env.CreateNamespaceAsync("conflict-b", labels);
        var foreign = await env.Cluster.Kubernetes.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "conflict-pull" }, StringData = new Dictionary<string, string> { ["token"] = "users-own" } }, "conflict-a", cancellationToken: Ct);

        await env.CreateRegistryAsync(OperatorNamespace, "conflict", new PullSecretSpec { Namespaces = new V1LabelSelector { MatchLabels = labels }, ServiceAccounts = ["default"] });
        var registry = await env.WaitForConditionAsync(OperatorNamespace, "conflict", Conditions.False, PullSecretConditions.SecretConflict);

        Assert.Equal(["conflict-a"], registry.Status.PullSecret!.Conflicts);
        Assert.Equal(1, registry.Status.PullSecret.ConflictCount);
        Assert.Contains("conflict-a", Conditions.Find(registry.Status.Conditions, PullSecretConditions.PullSecretsReady)!.Message, StringComparison.Ordinal);
        var served = await SecretEventuallyAsync("conflict-b", "conflict-pull");
        Assert.True(env.RegistryAccepts(served, registry.Status.LoginServer!));
        await WaitForStatusAsync("conflict", r => r.Status.PullSecret?.NamespacesServed == 1);

        var untouched = (await env.ReadSecretAsync("conflict-a", "conflict-pull"))!;
        Assert.Equal(foreign.Metadata.ResourceVersion, untouched.Metadata.ResourceVersion);
        Assert.Null(untouched.Metadata.Labels);
        Assert.Equal("Opaque", untouched.Type);
        var account = await env.ReadServiceAccountAsync("conflict-a", "default");
        Assert.DoesNotContain(account?.ImagePullSecrets ?? [], e => e.Name == "conflict-pull");

        var events = await env.Cluster.Kubernetes.CoreV1.ListNamespacedEventAsync("conflict-a", cancellationToken: Ct);
        Assert.Contains(events.Items, e => e.Reason == PullSecretConditions.SecretConflict && e.InvolvedObject.Kind == "Secret" && e.InvolvedObject.Name == "conflict-pull");

        // Foreign Secrets are not watched: the conflict is retried at the resync (3 s here) and resolves once it is gone.
        await env.Cluster.Api.DeleteAsync(ResourceType.Secrets, "conflict-a", "conflict-pull", Ct);
        await env.WaitForConditionAsync(OperatorNamespace, "conflict", Conditions.True, timeoutSeconds: 20);
        Assert.True(env.RegistryAccepts((await SecretEventuallyAsync("conflict-a", "conflict-pull"))!, registry.Status.LoginServer!));
    });

    [Fact]
    public Task During_forced_rotations_every_sampled_Secret_holds_a_password_the_registry_accepts() => env.RunAsync(async () =>
    {
        var labels = new Dictionary<string, string> { [SelectorKey] = "rotation" };
        var namespaces = Enumerable.Range(0, 12).Select(i => $"rot-{i}").ToList();
        foreach (var ns in namespaces)
        {
            await env.CreateNamespaceAsync(ns, labels);
        }

        await env.CreateRegistryAsync(OperatorNamespace, "rotation", new PullSecretSpec { Namespaces = new V1LabelSelector { MatchLabels = labels } });
        var registry = await WaitForStatusAsync("rotation", r => r.Status.PullSecret?.NamespacesServed == namespaces.Count);
        var loginServer = registry.Status.LoginServer!;
        var first = await CommonPasswordAsync(registry, loginServer, namespaces.Count);

        using var sampler = new CredentialSampler(env, registry, loginServer);
        var sampling = sampler.RunAsync(Ct);
        var passwords = new List<string> { first };
        foreach (var request in RotationRequests)
        {
            await env.PatchRegistryAsync(OperatorNamespace, "rotation", new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationNames.RotateRequestedAt] = request } } });
            string? next = null;
            await Eventually.TrueAsync(
                async () => (next = await TryCommonPasswordAsync(registry, loginServer, namespaces.Count)) is { } p && !passwords.Contains(p),
                timeoutSeconds: 20);
            passwords.Add(next!);
        }

        await sampler.StopAsync(sampling);
        Assert.True(sampler.Failures.IsEmpty, $"{sampler.Failures.Count} of {sampler.Samples} samples held a refused password: {string.Join("; ", sampler.Failures.Take(5))}");
        Assert.True(sampler.Samples >= namespaces.Count * 5, $"only {sampler.Samples} samples were taken");

        // Each rotation regenerated the slot the Secrets did not hold: the first password died with the second rotation.
        Assert.False(env.Arm.CheckCredentials(loginServer, PullSecretResources.TokenName(registry.Metadata.Uid), passwords[0]));
        Assert.False(env.Arm.CheckCredentials(loginServer, PullSecretResources.TokenName(registry.Metadata.Uid), passwords[1]));
        Assert.True(env.Arm.CheckCredentials(loginServer, PullSecretResources.TokenName(registry.Metadata.Uid), passwords[2]), "the previous slot must still work until the next rotation");
        var path = RegistryPath(registry);
        Assert.Equal(4, env.ArmRequests("POST", path + "/generateCredentials"));
        Assert.Equal(1, env.ArmRequests("PUT", path + "/tokens/"));
        var status = (await env.ReadRegistryAsync(OperatorNamespace, "rotation"))!.Status.PullSecret!;
        Assert.Equal(PullSecretCredential.Token, status.Credential);
        Assert.True(status.CredentialExpiresAt > DateTime.UtcNow.AddDays(29), "token passwords expire after the configured lifetime (30 days by default)");
    });

    [Fact]
    public Task Deleting_the_Registry_removes_its_Secrets_its_ServiceAccount_entries_and_its_token_and_nothing_else() => env.RunAsync(async () =>
    {
        var labels = new Dictionary<string, string> { [SelectorKey] = "deletion" };
        await env.CreateNamespaceAsync("del-a", labels);
        await env.CreateNamespaceAsync("del-b", labels);
        await env.CreateNamespaceAsync("del-c", labels);
        var foreign = await env.Cluster.Kubernetes.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "deletion-pull" }, StringData = new Dictionary<string, string> { ["token"] = "users-own" } }, "del-c", cancellationToken: Ct);
        // A ServiceAccount with an entry of its owner's, which must survive the operator's cleanup.
        await Eventually.TrueAsync(async () => await env.ReadServiceAccountAsync("del-a", "default") is not null);
        await env.Cluster.Api.PatchAsync<V1ServiceAccount>(ResourceType.ServiceAccounts, "del-a", "default", PatchType.Merge, """{"imagePullSecrets":[{"name":"users-own"}]}""", Ct);

        var created = await env.CreateRegistryAsync(OperatorNamespace, "deletion", new PullSecretSpec { Namespaces = new V1LabelSelector { MatchLabels = labels }, ServiceAccounts = ["default"] });
        // Orphan keeps the registry in Azure, so the token's deletion is the operator's own doing.
        await env.PatchRegistryAsync(OperatorNamespace, "deletion", new JsonObject { ["spec"] = new JsonObject { ["deletionPolicy"] = "Orphan" } });
        var registry = await WaitForStatusAsync("deletion", r => r.Status.PullSecret?.NamespacesServed == 2);
        await EntryEventuallyAsync("del-a", "deletion-pull", present: true);
        await EntryEventuallyAsync("del-b", "deletion-pull", present: true);
        var account = await env.ReadServiceAccountAsync("del-a", "default");
        Assert.Equal(["users-own", "deletion-pull"], account!.ImagePullSecrets.Select(e => e.Name));
        var token = $"{RegistryPath(registry)}/tokens/{PullSecretResources.TokenName(registry.Metadata.Uid)}?api-version=2025-11-01";
        using var arm = env.Arm.CreateHttpClient();
        Assert.Equal(HttpStatusCode.OK, (await arm.GetAsync(token, Ct)).StatusCode);
        Assert.NotNull(await env.ReadSecretAsync(OperatorNamespace, PullSecretResources.CredentialSecretName(created.Metadata.Uid)));

        await env.Cluster.Api.DeleteAsync(RegistryResources.Registries, OperatorNamespace, "deletion", Ct);
        await Eventually.TrueAsync(async () => await env.ReadRegistryAsync(OperatorNamespace, "deletion") is null, timeoutSeconds: 30);

        Assert.Null(await env.ReadSecretAsync("del-a", "deletion-pull"));
        Assert.Null(await env.ReadSecretAsync("del-b", "deletion-pull"));
        Assert.Null(await env.ReadSecretAsync(OperatorNamespace, PullSecretResources.CredentialSecretName(created.Metadata.Uid)));
        account = await env.ReadServiceAccountAsync("del-a", "default");
        Assert.Equal(["users-own"], account!.ImagePullSecrets.Select(e => e.Name));
        Assert.False(account.Metadata.Labels?.ContainsKey(LabelNames.ImagePullSecrets) ?? false);
        Assert.Empty((await env.ReadServiceAccountAsync("del-b", "default"))!.ImagePullSecrets ?? []);
        var kept = (await env.ReadSecretAsync("del-c", "deletion-pull"))!;
        Assert.Equal(foreign.Metadata.ResourceVersion, kept.Metadata.ResourceVersion);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.GetAsync(token, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await arm.GetAsync($"{RegistryPath(registry)}?api-version=2025-11-01", Ct)).StatusCode);
    });

    [Fact]
    public Task A_Registry_outside_the_trusted_namespaces_cannot_select_other_namespaces() => env.RunAsync(async () =>
    {
        var labels = new Dictionary<string, string> { [SelectorKey] = "untrusted" };
        await env.CreateNamespaceAsync("team-x");
        await env.CreateNamespaceAsync("untrusted-target", labels);

        await env.CreateRegistryAsync("team-x", "untrusted", new PullSecretSpec { Namespaces = new V1LabelSelector { MatchLabels = labels } });
        var registry = await env.WaitForConditionAsync("team-x", "untrusted", Conditions.False, PullSecretConditions.NamespaceNotTrusted);

        var message = Conditions.Find(registry.Status.Conditions, PullSecretConditions.PullSecretsReady)!.Message;
        Assert.Contains(OperatorNamespace, message, StringComparison.Ordinal);
        Assert.Contains("TrustedNamespaces", message, StringComparison.Ordinal);
        var own = await SecretEventuallyAsync("team-x", "untrusted-pull");
        Assert.True(env.RegistryAccepts(own, registry.Status.LoginServer!));
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Null(await env.ReadSecretAsync("untrusted-target", "untrusted-pull"));
    });

    [Fact]
    public Task AdminUser_fans_out_the_admin_password_and_says_what_to_change_when_the_admin_user_is_disabled_in_Azure() => env.RunAsync(async () =>
    {
        // The CRD refuses credential AdminUser without adminUserEnabled: true, so the admin user can only be off through
        // drift (someone turned it off in Azure) or on an observe-only Registry.
        await env.CreateRegistryAsync(OperatorNamespace, "admin", new PullSecretSpec { Credential = PullSecretCredential.AdminUser }, adminUserEnabled: true);
        var registry = await env.WaitForConditionAsync(OperatorNamespace, "admin", Conditions.True);
        var secret = (await env.ReadSecretAsync(OperatorNamespace, "admin-pull"))!;
        var (username, _) = CredentialsIn(secret, registry.Status.LoginServer!);
        Assert.Equal(registry.Spec.AzureName, username);
        Assert.True(env.RegistryAccepts(secret, registry.Status.LoginServer!));
        Assert.Equal("AdminUser/password", secret.Metadata.Annotations[AnnotationNames.Credential]);

        using var arm = env.Arm.CreateHttpClient();
        using var disable = new StringContent("""{"properties":{"adminUserEnabled":false}}""", System.Text.Encoding.UTF8, "application/json");
        using var patched = await arm.PatchAsync($"{RegistryPath(registry)}?api-version=2025-11-01", disable, Ct);
        Assert.True(patched.IsSuccessStatusCode);
        registry = await env.WaitForConditionAsync(OperatorNamespace, "admin", Conditions.False, PullSecretConditions.AdminUserDisabled);
        Assert.Contains("adminUserEnabled", Conditions.Find(registry.Status.Conditions, PullSecretConditions.PullSecretsReady)!.Message, StringComparison.Ordinal);

        // The Registry controller puts the spec back on its next pass; the pull secrets follow.
        await env.PatchRegistryAsync(OperatorNamespace, "admin", new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationNames.ReconcileRequestedAt] = "fix-drift" } } });
        registry = await env.WaitForConditionAsync(OperatorNamespace, "admin", Conditions.True);
        Assert.True(env.RegistryAccepts((await env.ReadSecretAsync(OperatorNamespace, "admin-pull"))!, registry.Status.LoginServer!));
    });

    [Fact]
    public Task An_EntraToken_credential_is_renewed_before_it_expires() => env.RunAsync(async () =>
    {
        await env.CreateRegistryAsync(OperatorNamespace, "entra", new PullSecretSpec { Credential = PullSecretCredential.EntraToken });
        var registry = await env.WaitForConditionAsync(OperatorNamespace, "entra", Conditions.True);
        var loginServer = registry.Status.LoginServer!;
        var first = (await env.ReadSecretAsync(OperatorNamespace, "entra-pull"))!;
        var (username, token) = CredentialsIn(first, loginServer);
        Assert.Equal(AcrOperator.Azure.AcrRefreshToken.Username, username);
        Assert.True(env.Arm.CheckCredentials(loginServer, username, token));
        var expires = registry.Status.PullSecret!.CredentialExpiresAt!.Value;
        Assert.InRange(expires, DateTime.UtcNow, DateTime.UtcNow + RefreshTokenLifetime + TimeSpan.FromSeconds(2));

        string? renewed = null;
        await Eventually.TrueAsync(
            async () => (renewed = CredentialsIn((await env.ReadSecretAsync(OperatorNamespace, "entra-pull"))!, loginServer).Password) != token,
            timeoutSeconds: (int)RefreshTokenLifetime.TotalSeconds + 5);
        Assert.True(DateTime.UtcNow < expires, "the refresh token was replaced only after it had expired");
        Assert.True(env.Arm.CheckCredentials(loginServer, username, renewed!));
        Assert.True(env.Arm.CheckCredentials(loginServer, username, token), "the old token stays valid until its own expiry");
    });

    [Fact]
    public Task Ten_thousand_unrelated_Secrets_never_reach_the_operator_whose_watches_select_its_own_label() => env.RunAsync(async () =>
    {
        await env.CreateNamespaceAsync("unrelated");
        var posted = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct }, async (i, ct) =>
        {
            await env.Cluster.Api.CreateAsync(ResourceType.Secrets, "unrelated", new V1Secret
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Metadata = new V1ObjectMeta { Name = $"unrelated-{i}" },
                Data = new Dictionary<string, byte[]> { ["value"] = new byte[256] },
            }, ct);
            Interlocked.Increment(ref posted);
        });
        Assert.Equal(10_000, posted);

        // The operator still works while they exist.
        await env.CreateRegistryAsync(OperatorNamespace, "unrelated", new PullSecretSpec());
        await env.WaitForConditionAsync(OperatorNamespace, "unrelated", Conditions.True);

        // Only the operator watches (the tests list, by their own selectors): every cluster-wide read of Secrets or
        // ServiceAccounts is filtered by a label, and every watch by the operator's label exactly.
        var requests = env.Cluster.Server.RequestLog.Entries;
        var secretReads = requests.Where(e => e.Method == "GET" && e.Path == "/api/v1/secrets").ToList();
        Assert.All(secretReads, e => Assert.False(string.IsNullOrEmpty(e.Parameter("labelSelector")), $"unfiltered read: {e}"));
        Assert.Contains(secretReads, e => e.IsWatch);
        Assert.All(secretReads.Where(e => e.IsWatch), e => Assert.Equal($"{LabelNames.ManagedBy}={LabelNames.ManagedByValue}", e.Parameter("labelSelector")));
        var accountReads = requests.Where(e => e.Method == "GET" && e.Path == "/api/v1/serviceaccounts").ToList();
        Assert.All(accountReads, e => Assert.False(string.IsNullOrEmpty(e.Parameter("labelSelector")), $"unfiltered read: {e}"));
        Assert.Contains(accountReads, e => e.IsWatch);
        Assert.All(accountReads.Where(e => e.IsWatch), e => Assert.Equal($"{LabelNames.ImagePullSecrets}={LabelNames.ImagePullSecretsManaged}", e.Parameter("labelSelector")));
        Assert.DoesNotContain(requests, e => e.Method == "GET" && e.Path.StartsWith("/api/v1/namespaces/unrelated/secrets", StringComparison.Ordinal));
    });

    [Fact]
    public Task The_pull_token_is_made_by_the_identity_the_Registrys_credentials_name() => env.RunAsync(async () =>
    {
        // A team namespace with its own service principal (role on the resource group only) in the default Secret: the
        // Registry and its pull token are both made as that principal, never as the operator's identity.
        const string tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        const string client = "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
        env.Arm.Entra.AddServicePrincipal(tenant, client, "team-pull-s3cret~1");
        env.Arm.Entra.AssignRole(client, $"/subscriptions/{Subscription}/resourceGroups/{ResourceGroup}");
        await env.CreateNamespaceAsync("team-pull");
        await env.Cluster.ApplySecretAsync("team-pull", AzureCredentialsResolver.DefaultSecretName, new Dictionary<string, string>
        {
            [AzureCredentialsResolver.TenantIdKey] = tenant,
            [AzureCredentialsResolver.ClientIdKey] = client,
            [AzureCredentialsResolver.ClientSecretKey] = "team-pull-s3cret~1",
        });

        await env.CreateRegistryAsync("team-pull", "teampull", new PullSecretSpec());
        var registry = await env.WaitForConditionAsync("team-pull", "teampull", Conditions.True);
        Assert.True(env.RegistryAccepts((await env.ReadSecretAsync("team-pull", "teampull-pull"))!, registry.Status.LoginServer!));

        var tokenCalls = env.Arm.RequestLog.Entries.Where(e => e.Path.Contains(RegistryPath(registry) + "/", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Contains(tokenCalls, e => e.Method == "PUT" && e.Path.Contains("/tokens/", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(tokenCalls, e => e.Path.Contains("/generateCredentials?", StringComparison.OrdinalIgnoreCase));
        Assert.All(tokenCalls, e => Assert.Equal(client, e.ClientId));
    });

    [Fact]
    public void Skopeo_pulls_an_image_with_the_Secrets_dockerconfigjson() =>
        Assert.Skip("Needs a registry that serves images: the ARM emulator's data plane answers /v2/ and /oauth2 only and holds no repositories, so skopeo has nothing to pull here. This belongs to the end-to-end tier against a real ACR.");

    private async Task<V1Secret> SecretEventuallyAsync(string @namespace, string name, int timeoutSeconds = 20)
    {
        V1Secret? secret = null;
        await Eventually.TrueAsync(async () => (secret = await env.ReadSecretAsync(@namespace, name)) is not null, timeoutSeconds);
        return secret!;
    }

    private Task EntryEventuallyAsync(string @namespace, string secretName, bool present) =>
        Eventually.TrueAsync(async () =>
            (await env.ReadServiceAccountAsync(@namespace, "default"))?.ImagePullSecrets?.Any(e => e.Name == secretName) == present);

    private async Task<Registry> WaitForStatusAsync(string name, Func<Registry, bool> condition, int timeoutSeconds = 30)
    {
        Registry? registry = null;
        await Eventually.TrueAsync(async () => (registry = await env.ReadRegistryAsync(OperatorNamespace, name)) is { } r && condition(r), timeoutSeconds);
        return registry!;
    }

    private int SecretCreates(string @namespace) =>
        env.Cluster.Server.RequestLog.Entries.Count(e => e.Method == "POST" && e.Path == $"/api/v1/namespaces/{@namespace}/secrets");

    private async Task<string> CommonPasswordAsync(Registry registry, string loginServer, int count)
    {
        string? password = null;
        await Eventually.TrueAsync(async () => (password = await TryCommonPasswordAsync(registry, loginServer, count)) is not null);
        return password!;
    }

    /// <summary>The password all <paramref name="count"/> Secrets hold, or null while they differ.</summary>
    private async Task<string?> TryCommonPasswordAsync(Registry registry, string loginServer, int count)
    {
        var secrets = await env.ManagedSecretsAsync(registry);
        var passwords = secrets.Select(s => CredentialsIn(s, loginServer).Password).Distinct(StringComparer.Ordinal).ToList();
        return secrets.Count == count && passwords.Count == 1 ? passwords[0] : null;
    }
}
