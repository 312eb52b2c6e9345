using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class RegistryTests
{
    [Fact]
    public async Task Create_fills_the_server_defaults()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync("myResourceGroup");
        var (response, body) = await arm.CallAsync(HttpMethod.Put, V(Registry("myRegistry", "myResourceGroup")), RegistryBody());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.Equal("myregistry.azurecr.io", (string?)body!["properties"]!["loginServer"]);
        Assert.Equal("Standard", (string?)body["sku"]!["tier"]);
        Assert.True(DateTimeOffset.TryParse((string?)body["properties"]!["creationDate"], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(JsonValueKind.Null, body["properties"]!["status"]?.GetValueKind() ?? JsonValueKind.Null);
        Assert.True(body["properties"]!.AsObject().ContainsKey("status"));

        var (_, got) = await arm.CallAsync(HttpMethod.Get, V(Registry("myRegistry", "myResourceGroup")));
        Assert.True(JsonNode.DeepEquals(body, got));
    }

    [Fact]
    public async Task Read_only_fields_in_the_request_are_ignored_and_enums_validated()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var body = RegistryBody();
        body["properties"]!["loginServer"] = "evil.example.com";
        body["properties"]!["provisioningState"] = "Failed";
        body["sku"]!["tier"] = "Premium";
        var created = await arm.CreateRegistryAsync("myregistry1");
        var (_, replaced) = await arm.CallAsync(HttpMethod.Put, V(Registry("myregistry1")), body);
        Assert.Equal("myregistry1.azurecr.io", (string?)replaced!["properties"]!["loginServer"]);
        Assert.Equal("Succeeded", (string?)replaced["properties"]!["provisioningState"]);
        Assert.Equal("Standard", (string?)replaced["sku"]!["tier"]);
        Assert.Equal((string?)created["properties"]!["creationDate"], (string?)replaced["properties"]!["creationDate"]);

        var badSku = RegistryBody("Gold");
        var rejected = await arm.SendAsync(HttpMethod.Put, V(Registry("myregistry2")), badSku);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var error = await ErrorOf(rejected);
        Assert.Equal("InvalidRequestContent", (string?)error["code"]);
        Assert.Equal("sku.name", (string?)error["target"]);

        var noSku = RegistryBody();
        noSku.Remove("sku");
        Assert.Equal("sku", (string?)(await ErrorOf(await arm.SendAsync(HttpMethod.Put, V(Registry("myregistry2")), noSku)))["target"]);
        var noLocation = RegistryBody();
        noLocation.Remove("location");
        Assert.Equal("LocationRequired", (string?)(await ErrorOf(await arm.SendAsync(HttpMethod.Put, V(Registry("myregistry2")), noLocation)))["code"]);
    }

    [Theory]
    [InlineData("abcd")]
    [InlineData("my-registry")]
    [InlineData("my_registry")]
    [InlineData("a23456789012345678901234567890123456789012345678901")]
    public async Task Names_outside_the_pattern_or_length_are_refused(string name)
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var response = await arm.SendAsync(HttpMethod.Put, V(Registry(name)), RegistryBody());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidResourceName", (string?)(await ErrorOf(response))["code"]);
    }

    [Fact]
    public async Task Names_are_unique_across_subscriptions_and_checkNameAvailability_says_so()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateGroupAsync("other", "11111111-1111-1111-1111-111111111111");
        await arm.CreateRegistryAsync("myRegistry");
        var clash = await arm.SendAsync(HttpMethod.Put, V(Registry("MYREGISTRY", "other", "11111111-1111-1111-1111-111111111111")), RegistryBody());
        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal("AlreadyInUse", (string?)(await ErrorOf(clash))["code"]);

        var check = V($"/subscriptions/{Subscription}/providers/Microsoft.ContainerRegistry/checkNameAvailability");
        var (_, taken) = await arm.CallAsync(HttpMethod.Post, check, new JsonObject { ["name"] = "myRegistry", ["type"] = "Microsoft.ContainerRegistry/registries" });
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"nameAvailable":false,"reason":"AlreadyExists","message":"The registry myRegistry is already in use."}"""), taken));
        var (_, free) = await arm.CallAsync(HttpMethod.Post, check, new JsonObject { ["name"] = "freeName1", ["type"] = "Microsoft.ContainerRegistry/registries" });
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"nameAvailable":true}"""), free));
        var (_, invalid) = await arm.CallAsync(HttpMethod.Post, check, new JsonObject { ["name"] = "no-dashes", ["type"] = "Microsoft.ContainerRegistry/registries" });
        Assert.Equal("Invalid", (string?)invalid!["reason"]);
        var (badType, _) = await arm.CallAsync(HttpMethod.Post, check, new JsonObject { ["name"] = "freeName1", ["type"] = "Microsoft.Foo/bars" });
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
    }

    [Fact]
    public async Task Patch_changes_only_the_given_properties_and_refuses_create_only_ones()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var created = await arm.CreateRegistryAsync("myregistry1");
        var (response, patched) = await arm.CallAsync(HttpMethod.Patch, V(Registry("myregistry1")), JsonNode.Parse("""{"properties":{"roleAssignmentMode":"abacrepositorypermissions","policies":{"retentionPolicy":{"days":30}}}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("AbacRepositoryPermissions", (string?)patched!["properties"]!["roleAssignmentMode"]);
        Assert.Equal(30, (int)patched["properties"]!["policies"]!["retentionPolicy"]!["days"]!);
        Assert.Equal("disabled", (string?)patched["properties"]!["policies"]!["retentionPolicy"]!["status"]);
        Assert.Equal("value", (string?)patched["tags"]!["key"]);
        Assert.Equal((bool)created["properties"]!["adminUserEnabled"]!, (bool)patched["properties"]!["adminUserEnabled"]!);

        var zone = await arm.SendAsync(HttpMethod.Patch, V(Registry("myregistry1")), JsonNode.Parse("""{"properties":{"zoneRedundancy":"Enabled"}}"""));
        Assert.Equal("PropertyChangeNotAllowed", (string?)(await ErrorOf(zone))["code"]);
        var move = await arm.SendAsync(HttpMethod.Patch, V(Registry("myregistry1")), JsonNode.Parse("""{"location":"eastus"}"""));
        Assert.Equal("PropertyChangeNotAllowed", (string?)(await ErrorOf(move))["code"]);
        var missing = await arm.SendAsync(HttpMethod.Patch, V(Registry("nothere1")), JsonNode.Parse("""{"tags":{}}"""));
        Assert.Equal("ResourceNotFound", (string?)(await ErrorOf(missing))["code"]);
    }

    [Fact]
    public async Task List_by_group_and_subscription_pages_with_nextLink_and_delete_removes()
    {
        await using var arm = await StartAsync(pageSize: 2);
        await arm.CreateGroupAsync();
        await arm.CreateGroupAsync("rg2");
        await arm.CreateRegistryAsync("registry1");
        await arm.CreateRegistryAsync("registry2");
        await arm.CreateRegistryAsync("registry3", group: "rg2");

        var (_, inGroup) = await arm.CallAsync(HttpMethod.Get, V($"{Group()}/providers/Microsoft.ContainerRegistry/registries"));
        Assert.Equal(2, inGroup!["value"]!.AsArray().Count);
        Assert.Null(inGroup["nextLink"]);

        var (_, page1) = await arm.CallAsync(HttpMethod.Get, V($"/subscriptions/{Subscription}/providers/Microsoft.ContainerRegistry/registries"));
        Assert.Equal(2, page1!["value"]!.AsArray().Count);
        var page2 = JsonNode.Parse(await arm.Client.GetStringAsync(new Uri((string)page1["nextLink"]!), TestContext.Current.CancellationToken))!;
        Assert.Equal("registry3", (string?)page2["value"]![0]!["name"]);
        Assert.Null(page2["nextLink"]);

        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Delete, V(Registry("registry1")))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await arm.SendAsync(HttpMethod.Delete, V(Registry("registry1")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Get, V(Registry("registry1")))).StatusCode);
    }

    [Fact]
    public async Task Credentials_need_the_admin_user_and_regenerate_changes_only_the_named_password()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myRegistry");
        var refused = await arm.SendAsync(HttpMethod.Post, V(Registry("myRegistry") + "/listCredentials"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var error = await ErrorOf(refused);
        Assert.Equal("UnAuthorizedForCredentialOperations", (string?)error["code"]);
        Assert.StartsWith($"Cannot perform credential operations for {Registry("myRegistry")} as admin user is disabled.", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await arm.SendAsync(HttpMethod.Post, V(Registry("myRegistry") + "/regenerateCredential"), new JsonObject { ["name"] = "password" })).StatusCode);

        await arm.CallAsync(HttpMethod.Patch, V(Registry("myRegistry")), JsonNode.Parse("""{"properties":{"adminUserEnabled":true}}"""));
        var (listed, before) = await arm.CallAsync(HttpMethod.Post, V(Registry("myRegistry") + "/listCredentials"));
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal("myRegistry", (string?)before!["username"]);
        Assert.Equal(["password", "password2"], before["passwords"]!.AsArray().Select(p => (string)p!["name"]!));
        Assert.NotEqual((string?)before["passwords"]![0]!["value"], (string?)before["passwords"]![1]!["value"]);

        var (_, after) = await arm.CallAsync(HttpMethod.Post, V(Registry("myRegistry") + "/regenerateCredential"), new JsonObject { ["name"] = "password2" });
        Assert.Equal((string?)before["passwords"]![0]!["value"], (string?)after!["passwords"]![0]!["value"]);
        Assert.NotEqual((string?)before["passwords"]![1]!["value"], (string?)after["passwords"]![1]!["value"]);
        var (_, again) = await arm.CallAsync(HttpMethod.Post, V(Registry("myRegistry") + "/listCredentials"));
        Assert.True(JsonNode.DeepEquals(after, again));

        var badName = await arm.SendAsync(HttpMethod.Post, V(Registry("myRegistry") + "/regenerateCredential"), new JsonObject { ["name"] = "password3" });
        Assert.Equal("InvalidRequestContent", (string?)(await ErrorOf(badName))["code"]);
    }
}
