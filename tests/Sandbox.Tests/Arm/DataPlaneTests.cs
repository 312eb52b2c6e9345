using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;
using static AcrOperator.Sandbox.Tests.Arm.ScopeMapAndTokenTests;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class DataPlaneTests
{
    private const string NullGuid = "00000000-0000-0000-0000-000000000000";

    private static HttpClient DataPlane(ArmHarness arm)
    {
        var client = arm.Server.CreateHttpClient(bearerToken: null);
        client.BaseAddress = arm.Server.DataPlaneAddress(LoginServer);
        return client;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpStatusCode> V2Async(HttpClient client, AuthenticationHeaderValue? auth)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v2/") { Headers = { Authorization = auth } };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    private static JsonObject Claims(string jwt) =>
        JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(jwt.Split('.')[1]))!.AsObject();

    [Fact]
    public async Task V2_answers_200_to_valid_basic_credentials_and_401_with_a_bearer_challenge_otherwise()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1", adminUserEnabled: true);
        using var client = DataPlane(arm);
        var (_, credentials) = await arm.CallAsync(HttpMethod.Post, V(Registry("myregistry1") + "/listCredentials"));
        var admin = (string)credentials!["passwords"]![1]!["value"]!;

        Assert.Equal(HttpStatusCode.OK, await V2Async(client, Basic("myregistry1", admin)));
        using var anonymous = await client.GetAsync("v2/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var challenge = anonymous.Headers.WwwAuthenticate.Single();
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Equal($"realm=\"{arm.Server.DataPlaneAddress(LoginServer)}oauth2/token\",service=\"{LoginServer}\"", challenge.Parameter);
        Assert.Equal("UNAUTHORIZED", (string?)(await anonymous.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["errors"]![0]!["code"]);
        Assert.Equal(HttpStatusCode.Unauthorized, await V2Async(client, Basic("myregistry1", admin + "x")));

        // Turning the admin user off locks its passwords out at once.
        await arm.CallAsync(HttpMethod.Patch, V(Registry("myregistry1")), JsonNode.Parse("""{"properties":{"adminUserEnabled":false}}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, await V2Async(client, Basic("myregistry1", admin)));
        Assert.False(arm.Server.CheckCredentials(LoginServer, "myregistry1", admin));
        await arm.CallAsync(HttpMethod.Patch, V(Registry("myregistry1")), JsonNode.Parse("""{"properties":{"adminUserEnabled":true}}"""));
        Assert.True(arm.Server.CheckCredentials(LoginServer, "myregistry1", admin));

        await arm.CallAsync(HttpMethod.Put, V(Token("pulltoken")), TokenBody());
        var token = Password(await GenerateAsync(arm, "pulltoken", "password1"), "password1");
        Assert.Equal(HttpStatusCode.OK, await V2Async(client, Basic("pulltoken", token)));
        using var unknown = await arm.Client.GetAsync(arm.Server.DataPlaneAddress("nosuchregistry.azurecr.io") + "v2/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Exchange_turns_an_Entra_token_into_a_refresh_token_that_works_as_a_pull_secret_until_it_expires()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        using var client = DataPlane(arm);
        using var exchange = await client.PostAsync("oauth2/exchange", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "access_token", ["service"] = LoginServer, ["tenant"] = "tenant1", ["access_token"] = "entra-token",
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, exchange.StatusCode);
        var refresh = (string)(await exchange.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["refresh_token"]!;
        var claims = Claims(refresh);
        Assert.Equal(LoginServer, (string?)claims["aud"]);
        Assert.Equal("refresh_token", (string?)claims["grant_type"]);
        Assert.Equal("tenant1", (string?)claims["tenant"]);
        Assert.Equal(arm.Time.GetUtcNow().AddHours(3).ToUnixTimeSeconds(), (long)claims["exp"]!);

        Assert.True(arm.Server.CheckCredentials(LoginServer, NullGuid, refresh));
        Assert.False(arm.Server.CheckCredentials(LoginServer, "someone", refresh));
        Assert.False(arm.Server.CheckCredentials("otherregistry.azurecr.io", NullGuid, refresh));
        Assert.Equal(HttpStatusCode.OK, await V2Async(client, Basic(NullGuid, refresh)));

        using var token = await client.PostAsync("oauth2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["service"] = LoginServer, ["scope"] = "repository:team-a/app:pull,push", ["refresh_token"] = refresh,
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        var access = (string)(await token.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["access_token"]!;
        var accessClaims = Claims(access);
        Assert.Equal(arm.Time.GetUtcNow().AddMinutes(75).ToUnixTimeSeconds(), (long)accessClaims["exp"]!);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"type":"repository","name":"team-a/app","actions":["pull","push"]}]"""), accessClaims["access"]));
        Assert.Equal(HttpStatusCode.OK, await V2Async(client, new AuthenticationHeaderValue("Bearer", access)));

        arm.Time.Advance(TimeSpan.FromHours(3));
        Assert.False(arm.Server.CheckCredentials(LoginServer, NullGuid, refresh));
        Assert.Equal(HttpStatusCode.Unauthorized, await V2Async(client, Basic(NullGuid, refresh)));
        Assert.Equal(HttpStatusCode.Unauthorized, await V2Async(client, new AuthenticationHeaderValue("Bearer", access)));

        using var wrongService = await client.PostAsync("oauth2/exchange", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "access_token", ["service"] = "other.azurecr.io", ["access_token"] = "entra-token",
        }), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, wrongService.StatusCode);
    }

    [Fact]
    public async Task Token_endpoint_with_basic_auth_grants_only_what_the_scope_map_allows()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        await arm.CallAsync(HttpMethod.Put, V(ScopeMap("teamapull")), JsonNode.Parse("""{"properties":{"actions":["repositories/team-a/content/read"]}}"""));
        await arm.CallAsync(HttpMethod.Put, V(Token("teamatoken")), TokenBody("teamapull"));
        var password = Password(await GenerateAsync(arm, "teamatoken", "password1"), "password1");
        using var client = DataPlane(arm);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"oauth2/token?service={LoginServer}&scope=repository:team-a:pull,push&scope=repository:team-b:pull")
        {
            Headers = { Authorization = Basic("teamatoken", password) },
        };
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var access = Claims((string)(await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["access_token"]!);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"type":"repository","name":"team-a","actions":["pull"]},{"type":"repository","name":"team-b","actions":[]}]"""),
            access["access"]));

        using var denied = new HttpRequestMessage(HttpMethod.Get, $"oauth2/token?service={LoginServer}&scope=repository:team-a:pull")
        {
            Headers = { Authorization = Basic("teamatoken", "wrong") },
        };
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(denied, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Admin_check_endpoint_answers_like_CheckCredentials()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1", adminUserEnabled: true);
        var (_, credentials) = await arm.CallAsync(HttpMethod.Post, V(Registry("myregistry1") + "/listCredentials"));
        var admin = (string)credentials!["passwords"]![0]!["value"]!;
        using var client = arm.Server.CreateHttpClient(bearerToken: null);

        async Task<bool> Check(string password)
        {
            using var response = await client.PostAsJsonAsync("_admin/dataplane/check", new { loginServer = LoginServer, username = "myregistry1", password }, TestContext.Current.CancellationToken);
            return (bool)(await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["valid"]!;
        }

        Assert.True(await Check(admin));
        Assert.False(await Check("nope"));
        await arm.CallAsync(HttpMethod.Post, V(Registry("myregistry1") + "/regenerateCredential"), new JsonObject { ["name"] = "password" });
        Assert.False(await Check(admin));
    }
}
