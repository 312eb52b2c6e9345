using System.Net;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class ScopeMapAndTokenTests
{
    internal const string LoginServer = "myregistry1.azurecr.io";

    internal static string ScopeMap(string name) => $"{Registry("myregistry1")}/scopeMaps/{name}";

    internal static string Token(string name) => $"{Registry("myregistry1")}/tokens/{name}";

    internal static JsonObject TokenBody(string scopeMap = "_repositories_pull", string status = "enabled") => new()
    {
        ["properties"] = new JsonObject { ["scopeMapId"] = ScopeMap(scopeMap), ["status"] = status },
    };

    internal static async Task<JsonNode> GenerateAsync(ArmHarness arm, string token, string? name = null, DateTimeOffset? expiry = null)
    {
        var body = new JsonObject { ["tokenId"] = Token(token) };
        if (name is not null)
        {
            body["name"] = name;
        }

        if (expiry is not null)
        {
            body["expiry"] = expiry.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        var (response, result) = await arm.CallAsync(HttpMethod.Post, V(Registry("myregistry1") + "/generateCredentials"), body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return result!;
    }

    internal static string Password(JsonNode generated, string name) =>
        (string)generated["passwords"]!.AsArray().Single(p => (string?)p!["name"] == name)!["value"]!;

    [Fact]
    public async Task Every_registry_has_the_system_scope_maps_and_they_cannot_be_changed_or_deleted()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1", "Basic");
        var (_, list) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/scopeMaps"));
        var maps = list!["value"]!.AsArray().ToDictionary(m => (string)m!["name"]!);
        Assert.Equal(["_repositories_admin", "_repositories_pull", "_repositories_push"], maps.Keys.Order(StringComparer.Ordinal));
        Assert.All(maps.Values, m => Assert.Equal("SystemDefined", (string?)m!["properties"]!["type"]));
        Assert.Equal(["repositories/*/content/read"], maps["_repositories_pull"]!["properties"]!["actions"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(["repositories/*/content/read", "repositories/*/content/write"], maps["_repositories_push"]!["properties"]!["actions"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(5, maps["_repositories_admin"]!["properties"]!["actions"]!.AsArray().Count);

        var delete = await arm.SendAsync(HttpMethod.Delete, V(ScopeMap("_repositories_pull")));
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.Equal("OperationNotAllowed", (string?)(await ErrorOf(delete))["code"]);
        var patch = await arm.SendAsync(HttpMethod.Patch, V(ScopeMap("_repositories_pull")), JsonNode.Parse("""{"properties":{"actions":["repositories/*/content/write"]}}"""));
        Assert.Equal("OperationNotAllowed", (string?)(await ErrorOf(patch))["code"]);
        var put = await arm.SendAsync(HttpMethod.Put, V(ScopeMap("_repositories_push")), JsonNode.Parse("""{"properties":{"actions":["repositories/*/content/read"]}}"""));
        Assert.Equal("OperationNotAllowed", (string?)(await ErrorOf(put))["code"]);
        var (_, after) = await arm.CallAsync(HttpMethod.Get, V(ScopeMap("_repositories_pull")));
        Assert.Equal(["repositories/*/content/read"], after!["properties"]!["actions"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public async Task User_scope_maps_validate_their_actions()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var (created, map) = await arm.CallAsync(HttpMethod.Put, V(ScopeMap("team-a_pull")), JsonNode.Parse("""{"properties":{"description":"team a","actions":["repositories/team-a/app/content/read","repositories/team-a/app/metadata/read"]}}"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("UserDefined", (string?)map!["properties"]!["type"]);
        Assert.NotNull((string?)map["properties"]!["creationDate"]);

        foreach (var bad in new[] { """["repositories/app/pull"]""", """["registry/content/read"]""", "[]", """[42]""" })
        {
            var response = await arm.SendAsync(HttpMethod.Put, V(ScopeMap("badmap1")), JsonNode.Parse("{\"properties\":{\"actions\":" + bad + "}}"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("InvalidScopeMapActions", (string?)(await ErrorOf(response))["code"]);
        }

        var reserved = await arm.SendAsync(HttpMethod.Put, V(ScopeMap("_mine")), JsonNode.Parse("""{"properties":{"actions":["repositories/a/content/read"]}}"""));
        Assert.Equal("OperationNotAllowed", (string?)(await ErrorOf(reserved))["code"]);
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Delete, V(ScopeMap("team-a_pull")))).StatusCode);
    }

    [Fact]
    public async Task Tokens_need_a_scope_map_of_the_same_registry_and_never_show_password_values()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        await arm.CreateRegistryAsync("otherregistry");

        var missing = await arm.SendAsync(HttpMethod.Put, V(Token("mytoken")), TokenBody("nosuchmap"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("ScopeMapNotFound", (string?)(await ErrorOf(missing))["code"]);
        var foreign = TokenBody();
        foreign["properties"]!["scopeMapId"] = $"{Registry("otherregistry")}/scopeMaps/_repositories_pull";
        Assert.Equal("ScopeMapNotFound", (string?)(await ErrorOf(await arm.SendAsync(HttpMethod.Put, V(Token("mytoken")), foreign)))["code"]);
        var noMap = new JsonObject { ["properties"] = new JsonObject() };
        Assert.Equal("InvalidRequestContent", (string?)(await ErrorOf(await arm.SendAsync(HttpMethod.Put, V(Token("mytoken")), noMap)))["code"]);

        var (created, token) = await arm.CallAsync(HttpMethod.Put, V(Token("mytoken")), TokenBody());
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("enabled", (string?)token!["properties"]!["status"]);

        var generated = await GenerateAsync(arm, "mytoken", expiry: arm.Time.GetUtcNow().AddDays(30));
        Assert.Equal("mytoken", (string?)generated["username"]);
        Assert.Equal(["password1", "password2"], generated["passwords"]!.AsArray().Select(p => (string)p!["name"]!));
        var values = generated["passwords"]!.AsArray().Select(p => (string)p!["value"]!).ToList();

        var (_, got) = await arm.CallAsync(HttpMethod.Get, V(Token("mytoken")));
        var (_, list) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/tokens"));
        var (_, put) = await arm.CallAsync(HttpMethod.Patch, V(Token("mytoken")), JsonNode.Parse("""{"properties":{"status":"enabled"}}"""));
        foreach (var body in new[] { got, list, put })
        {
            var text = body!.ToJsonString();
            Assert.All(values, v => Assert.DoesNotContain(v, text, StringComparison.Ordinal));
        }

        var passwords = got!["properties"]!["credentials"]!["passwords"]!.AsArray();
        Assert.Equal(["password1", "password2"], passwords.Select(p => (string)p!["name"]!));
        Assert.All(passwords, p => Assert.NotNull((string?)p!["expiry"]));
        Assert.All(passwords, p => Assert.NotNull((string?)p!["creationTime"]));
        Assert.All(passwords, p => Assert.False(p!.AsObject().ContainsKey("value")));
    }

    [Fact]
    public async Task GenerateCredentials_for_one_password_replaces_only_that_one()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        await arm.CallAsync(HttpMethod.Put, V(Token("mytoken")), TokenBody());
        var first = await GenerateAsync(arm, "mytoken");
        var second = await GenerateAsync(arm, "mytoken", "password2");
        var only = Assert.Single(second["passwords"]!.AsArray())!;
        Assert.Equal("password2", (string?)only["name"]);
        Assert.NotEqual(Password(first, "password2"), (string?)only["value"]);

        Assert.True(arm.Server.CheckCredentials(LoginServer, "mytoken", Password(first, "password1")));
        Assert.False(arm.Server.CheckCredentials(LoginServer, "mytoken", Password(first, "password2")));
        Assert.True(arm.Server.CheckCredentials(LoginServer, "mytoken", Password(second, "password2")));

        var unknown = await arm.SendAsync(HttpMethod.Post, V(Registry("myregistry1") + "/generateCredentials"), new JsonObject { ["tokenId"] = Token("nosuchtoken") });
        Assert.Equal("TokenNotFound", (string?)(await ErrorOf(unknown))["code"]);
        var badName = await arm.SendAsync(HttpMethod.Post, V(Registry("myregistry1") + "/generateCredentials"), new JsonObject { ["tokenId"] = Token("mytoken"), ["name"] = "password3" });
        Assert.Equal("InvalidRequestContent", (string?)(await ErrorOf(badName))["code"]);
    }

    [Fact]
    public async Task Disabled_tokens_expired_and_removed_passwords_fail_the_credential_check()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        await arm.CallAsync(HttpMethod.Put, V(Token("mytoken")), TokenBody());
        var generated = await GenerateAsync(arm, "mytoken", "password1", arm.Time.GetUtcNow().AddHours(1));
        var generated2 = await GenerateAsync(arm, "mytoken", "password2");
        var password1 = Password(generated, "password1");
        Assert.True(arm.Server.CheckCredentials(LoginServer, "mytoken", password1));
        Assert.False(arm.Server.CheckCredentials(LoginServer, "mytoken", password1 + "x"));
        Assert.False(arm.Server.CheckCredentials("otherregistry.azurecr.io", "mytoken", password1));

        await arm.CallAsync(HttpMethod.Patch, V(Token("mytoken")), JsonNode.Parse("""{"properties":{"status":"disabled"}}"""));
        Assert.False(arm.Server.CheckCredentials(LoginServer, "mytoken", password1));
        await arm.CallAsync(HttpMethod.Patch, V(Token("mytoken")), JsonNode.Parse("""{"properties":{"status":"enabled"}}"""));
        Assert.True(arm.Server.CheckCredentials(LoginServer, "mytoken", password1));

        arm.Time.Advance(TimeSpan.FromHours(1));
        Assert.False(arm.Server.CheckCredentials(LoginServer, "mytoken", password1));
        Assert.True(arm.Server.CheckCredentials(LoginServer, "mytoken", Password(generated2, "password2")));

        // Dropping a password from the list revokes it, as `az acr token credential delete` does.
        var (_, updated) = await arm.CallAsync(HttpMethod.Patch, V(Token("mytoken")), JsonNode.Parse("""{"properties":{"credentials":{"passwords":[{"name":"password1"}]}}}"""));
        Assert.Equal("password1", (string?)Assert.Single(updated!["properties"]!["credentials"]!["passwords"]!.AsArray())!["name"]);
        Assert.False(arm.Server.CheckCredentials(LoginServer, "mytoken", Password(generated2, "password2")));
    }
}
