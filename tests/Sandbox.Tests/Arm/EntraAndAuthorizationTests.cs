using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Entra;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

/// <summary>The emulated Entra ID token endpoint, and ARM telling principals apart by their tokens.</summary>
public sealed class EntraAndAuthorizationTests
{
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ClientId = "4a2b8f0e-1c3d-4e5f-8a9b-0c1d2e3f4a5b";
    private const string Secret = "s3cr3t-value";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_token_endpoint_answers_the_client_credentials_grant_as_Entra_does()
    {
        await using var arm = await StartAsync();
        arm.Server.Entra.AddServicePrincipal(Tenant, ClientId, Secret);

        var (response, body) = await TokenAsync(arm, Tenant, ClientId, Secret, arm.Server.BaseAddress + ".default");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store, no-cache", response.Headers.CacheControl?.ToString());
        Assert.Equal("Bearer", (string?)body["token_type"]);
        Assert.Equal(3599, (int?)body["expires_in"]);
        Assert.Equal(3599, (int?)body["ext_expires_in"]);
        var claims = Claims((string)body["access_token"]!);
        Assert.Equal(ClientId, (string?)claims["appid"]);
        Assert.Equal(Tenant, (string?)claims["tid"]);
        Assert.Equal($"https://sts.windows.net/{Tenant}/", (string?)claims["iss"]);
        Assert.Equal(arm.Server.BaseAddress.ToString().TrimEnd('/'), (string?)claims["aud"]);
        Assert.Equal(arm.Server.Entra.Principals.Single().ObjectId, (string?)claims["oid"]);
    }

    [Theory]
    [InlineData("wrong-secret", Tenant, ClientId, 401, "invalid_client", 7000215)]
    [InlineData(Secret, Tenant, "00000000-0000-0000-0000-00000000abcd", 400, "unauthorized_client", 700016)]
    [InlineData(Secret, "00000000-0000-0000-0000-00000000beef", ClientId, 400, "invalid_request", 90002)]
    public async Task Refused_sign_ins_get_Entra_error_bodies_that_never_echo_the_secret(string secret, string tenant, string clientId, int status, string error, int code)
    {
        await using var arm = await StartAsync();
        arm.Server.Entra.AddServicePrincipal(Tenant, ClientId, Secret);

        var (response, body) = await TokenAsync(arm, tenant, clientId, secret, arm.Server.BaseAddress + ".default");

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, (string?)body["error"]);
        Assert.Equal(code, (int?)body["error_codes"]![0]);
        Assert.StartsWith($"AADSTS{code}: ", (string?)body["error_description"], StringComparison.Ordinal);
        Assert.NotNull((string?)body["trace_id"]);
        Assert.NotNull((string?)body["correlation_id"]);
        Assert.DoesNotContain(secret, body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_federated_assertion_signs_in_only_with_a_matching_issuer_subject_and_audience()
    {
        await using var arm = await StartAsync();
        arm.Server.Entra.AddServicePrincipal(Tenant, ClientId);
        arm.Server.Entra.AddFederatedCredential(ClientId, "https://oidc.example/cluster", "system:serviceaccount:acr-operator-system:acr-operator");

        var good = Assertion("https://oidc.example/cluster", "system:serviceaccount:acr-operator-system:acr-operator", EntraDirectory.FederatedAudience);
        var other = Assertion("https://oidc.example/cluster", "system:serviceaccount:team-a:default", EntraDirectory.FederatedAudience);

        var (accepted, _) = await TokenAsync(arm, Tenant, ClientId, null, arm.Server.BaseAddress + ".default", good);
        var (refused, body) = await TokenAsync(arm, Tenant, ClientId, null, arm.Server.BaseAddress + ".default", other);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(70021, (int?)body["error_codes"]![0]);
    }

    [Fact]
    public async Task ARM_answers_a_principal_outside_its_scopes_with_403_AuthorizationFailed_and_serves_it_inside()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateGroupAsync("rg2");
        arm.Server.Entra.AddServicePrincipal(Tenant, ClientId, Secret);
        arm.Server.Entra.AssignRole(ClientId, Group("rg1"));
        var (_, token) = await TokenAsync(arm, Tenant, ClientId, Secret, arm.Server.BaseAddress + ".default");
        using var client = arm.Server.CreateHttpClient((string)token["access_token"]!);

        var inside = await arm.SendAsync(HttpMethod.Put, V(Registry("insidescope1")), RegistryBody(), client);
        var outside = await arm.SendAsync(HttpMethod.Put, V(Registry("outsidescope1", "rg2")), RegistryBody(), client);

        Assert.Equal(HttpStatusCode.OK, inside.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        var error = await ErrorOf(outside);
        Assert.Equal("AuthorizationFailed", (string?)error["code"]);
        Assert.Equal(
            $"The client '{ClientId}' with object id '{arm.Server.Entra.Principals.Single().ObjectId}' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/write' over scope '{Registry("outsidescope1", "rg2")}' or the scope is invalid. If access was recently granted, please refresh your credentials.",
            (string?)error["message"]);
        Assert.Equal(ClientId, arm.Server.RequestLog.Entries[^1].ClientId);
        Assert.Null(arm.Server.RequestLog.Entries[0].ClientId);
    }

    [Fact]
    public async Task ARM_answers_401_with_WWW_Authenticate_for_tokens_that_are_forged_expired_or_for_another_audience()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        arm.Server.Entra.AddServicePrincipal(Tenant, ClientId, Secret);
        arm.Server.Entra.AssignRole(ClientId, "/");
        var (_, forAnotherResource) = await TokenAsync(arm, Tenant, ClientId, Secret, "https://vault.azure.net/.default");
        var (_, current) = await TokenAsync(arm, Tenant, ClientId, Secret, arm.Server.BaseAddress + ".default");
        var forged = Assertion("https://sts.windows.net/" + Tenant + "/", "x", arm.Server.BaseAddress.ToString());

        var wrongAudience = await GetGroupAsync(arm, (string)forAnotherResource["access_token"]!);
        var notOurs = await GetGroupAsync(arm, forged);
        arm.Time.Advance(TimeSpan.FromHours(1));
        var expired = await GetGroupAsync(arm, (string)current["access_token"]!);

        foreach (var (response, code) in new[] { (wrongAudience, "InvalidAuthenticationTokenAudience"), (notOurs, "InvalidAuthenticationToken"), (expired, "ExpiredAuthenticationToken") })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.StartsWith("Bearer authorization_uri=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Equal(code, (string?)(await ErrorOf(response))["code"]);
        }
    }

    [Fact]
    public async Task Principals_are_managed_over_admin_without_showing_their_secrets()
    {
        await using var arm = await StartAsync();
        using var admin = arm.Server.CreateHttpClient(bearerToken: null);
        var spec = new JsonObject
        {
            ["tenantId"] = Tenant,
            ["clientId"] = ClientId,
            ["clientSecret"] = Secret,
            ["scopes"] = new JsonArray(Group("rg1")),
        };
        using var content = new StringContent(spec.ToJsonString(), Encoding.UTF8, "application/json");

        using var created = await admin.PostAsync("_admin/principals", content, Ct);
        var listed = await admin.GetStringAsync("_admin/principals", Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains(ClientId, listed, StringComparison.Ordinal);
        Assert.Contains(Group("rg1"), listed, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, listed, StringComparison.Ordinal);
        using var deleted = await admin.DeleteAsync($"_admin/principals/{ClientId}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(arm.Server.Entra.Principals);
    }

    private static async Task<(HttpResponseMessage Response, JsonObject Body)> TokenAsync(ArmHarness arm, string tenant, string clientId, string? secret, string scope, string? assertion = null)
    {
        using var client = arm.Server.CreateHttpClient(bearerToken: null);
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["scope"] = scope };
        if (secret is not null)
        {
            form["client_secret"] = secret;
        }

        if (assertion is not null)
        {
            form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
            form["client_assertion"] = assertion;
        }

        using var content = new FormUrlEncodedContent(form);
        var response = await client.PostAsync(new Uri(arm.Server.AuthorityHost, $"{tenant}/oauth2/v2.0/token"), content, Ct);
        return (response, JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject());
    }

    private static async Task<HttpResponseMessage> GetGroupAsync(ArmHarness arm, string token)
    {
        using var client = arm.Server.CreateHttpClient(token);
        return await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion), client: client);
    }

    // An unsigned JWT, as far as the emulator looks at a Kubernetes service-account token.
    private static string Assertion(string issuer, string subject, string audience)
    {
        var header = Base64Url.EncodeToString("""{"alg":"RS256","typ":"JWT"}"""u8);
        var payload = new JsonObject { ["iss"] = issuer, ["sub"] = subject, ["aud"] = new JsonArray(audience), ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() };
        return $"{header}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.c2lnbmF0dXJl";
    }

    private static JsonObject Claims(string jwt) =>
        JsonNode.Parse(Base64Url.DecodeFromChars(jwt.Split('.')[1]))!.AsObject();
}
