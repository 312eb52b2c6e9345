using System.Net;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

/// <summary>A registry's managed identities and customer-managed-key encryption, as ARM stores and reports them.</summary>
public sealed class RegistryIdentityAndEncryptionTests
{
    private static readonly string UserA = $"/subscriptions/{Subscription}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a";
    private static readonly string UserB = $"/subscriptions/{Subscription}/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-b";

    [Fact]
    public async Task A_system_assigned_identity_gets_a_principal_that_stays_until_it_is_turned_off()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var body = RegistryBody();
        body["identity"] = new JsonObject { ["type"] = "SystemAssigned", ["principalId"] = "forged" };

        var (_, created) = await arm.CallAsync(HttpMethod.Put, V(Registry("identityreg1")), body);
        var principal = (string?)created!["identity"]!["principalId"];
        var (_, kept) = await arm.CallAsync(HttpMethod.Patch, V(Registry("identityreg1")), JsonNode.Parse("""{"identity":{"type":"SystemAssigned"},"tags":{"a":"b"}}"""));
        var (_, off) = await arm.CallAsync(HttpMethod.Patch, V(Registry("identityreg1")), JsonNode.Parse("""{"identity":{"type":"None"}}"""));

        Assert.True(Guid.TryParse(principal, out _), principal);
        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", (string?)created["identity"]!["tenantId"]);
        Assert.Equal(principal, (string?)kept!["identity"]!["principalId"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"None"}"""), off!["identity"]));
    }

    [Fact]
    public async Task User_assigned_identities_merge_on_PATCH_null_removes_one_and_ids_compare_ignoring_case()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var body = RegistryBody();
        body["identity"] = new JsonObject { ["type"] = "UserAssigned", ["userAssignedIdentities"] = new JsonObject { [UserA] = new JsonObject() } };
        var (_, created) = await arm.CallAsync(HttpMethod.Put, V(Registry("identityreg2")), body);
        var a = created!["identity"]!["userAssignedIdentities"]![UserA]!.AsObject();

        var (_, both) = await arm.CallAsync(HttpMethod.Patch, V(Registry("identityreg2")), new JsonObject
        {
            ["identity"] = new JsonObject { ["type"] = "SystemAssigned, UserAssigned", ["userAssignedIdentities"] = new JsonObject { [UserB] = new JsonObject() } },
        });
        var (_, onlyB) = await arm.CallAsync(HttpMethod.Patch, V(Registry("identityreg2")), new JsonObject
        {
            ["identity"] = new JsonObject { ["type"] = "UserAssigned", ["userAssignedIdentities"] = new JsonObject { [UserA.ToUpperInvariant()] = null } },
        });
        var (_, systemOnly) = await arm.CallAsync(HttpMethod.Patch, V(Registry("identityreg2")), JsonNode.Parse("""{"identity":{"type":"SystemAssigned"}}"""));

        Assert.True(Guid.TryParse((string?)a["principalId"], out _));
        Assert.True(Guid.TryParse((string?)a["clientId"], out _));
        Assert.Null(created["identity"]!["principalId"]);
        Assert.Equal([UserA, UserB], both!["identity"]!["userAssignedIdentities"]!.AsObject().Select(u => u.Key));
        Assert.True(JsonNode.DeepEquals(a, both["identity"]!["userAssignedIdentities"]![UserA]), "an identity keeps its ids while attached");
        Assert.NotNull((string?)both["identity"]!["principalId"]);
        Assert.Equal([UserB], onlyB!["identity"]!["userAssignedIdentities"]!.AsObject().Select(u => u.Key));
        Assert.Null(onlyB["identity"]!["principalId"]);
        Assert.Null(systemOnly!["identity"]!["userAssignedIdentities"]);
        Assert.NotNull((string?)systemOnly["identity"]!["principalId"]);
    }

    [Theory]
    [InlineData("""{"type":"UserAssigned"}""")]
    [InlineData("""{"type":"UserAssigned","userAssignedIdentities":{"/subscriptions/x/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a":null}}""")]
    [InlineData("""{"type":"UserAssigned","userAssignedIdentities":{"not-an-arm-id":{}}}""")]
    [InlineData("""{"type":"SystemAssigned","userAssignedIdentities":{"/subscriptions/x/resourceGroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a":{}}}""")]
    public async Task Malformed_identities_are_refused_with_InvalidIdentityValues(string identity)
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var body = RegistryBody();
        body["identity"] = JsonNode.Parse(identity);

        var response = await arm.SendAsync(HttpMethod.Put, V(Registry("identityreg3")), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidIdentityValues", (string?)(await ErrorOf(response))["code"]);
    }

    [Fact]
    public async Task Encryption_is_set_at_creation_its_key_can_rotate_and_its_status_cannot_change()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var body = RegistryBody("Premium");
        body["identity"] = new JsonObject { ["type"] = "UserAssigned", ["userAssignedIdentities"] = new JsonObject { [UserA] = new JsonObject() } };
        body["properties"]!["encryption"] = JsonNode.Parse("""{"status":"enabled","keyVaultProperties":{"keyIdentifier":"https://vault1.vault.azure.net/keys/key1","identity":"0f5c4e6a-7b8c-4d9e-8f01-23456789abcd"}}""");

        var (_, created) = await arm.CallAsync(HttpMethod.Put, V(Registry("cmkreg1")), body);
        var vault = created!["properties"]!["encryption"]!["keyVaultProperties"]!;
        var (_, rotated) = await arm.CallAsync(HttpMethod.Patch, V(Registry("cmkreg1")), JsonNode.Parse("""{"properties":{"encryption":{"status":"enabled","keyVaultProperties":{"keyIdentifier":"https://vault1.vault.azure.net/keys/key2/0123456789abcdef0123456789abcdef"}}}}"""));
        var turnOff = await arm.SendAsync(HttpMethod.Patch, V(Registry("cmkreg1")), JsonNode.Parse("""{"properties":{"encryption":{"status":"disabled"}}}"""));
        var (_, replaced) = await arm.CallAsync(HttpMethod.Put, V(Registry("cmkreg1")), RegistryBody("Premium"));

        Assert.StartsWith("https://vault1.vault.azure.net/keys/key1/", (string?)vault["versionedKeyIdentifier"], StringComparison.Ordinal);
        Assert.True((bool?)vault["keyRotationEnabled"]);
        Assert.Equal("0f5c4e6a-7b8c-4d9e-8f01-23456789abcd", (string?)vault["identity"]);
        var after = rotated!["properties"]!["encryption"]!["keyVaultProperties"]!;
        Assert.Equal("https://vault1.vault.azure.net/keys/key2/0123456789abcdef0123456789abcdef", (string?)after["versionedKeyIdentifier"]);
        Assert.False((bool?)after["keyRotationEnabled"]);
        Assert.Equal("0f5c4e6a-7b8c-4d9e-8f01-23456789abcd", (string?)after["identity"]);
        Assert.Equal(HttpStatusCode.BadRequest, turnOff.StatusCode);
        Assert.Equal("PropertyChangeNotAllowed", (string?)(await ErrorOf(turnOff))["code"]);
        Assert.Equal("enabled", (string?)replaced!["properties"]!["encryption"]!["status"]);
    }

    [Fact]
    public async Task Enabled_encryption_needs_a_key()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        var body = RegistryBody("Premium");
        body["properties"]!["encryption"] = JsonNode.Parse("""{"status":"enabled"}""");

        var response = await arm.SendAsync(HttpMethod.Put, V(Registry("cmkreg2")), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("properties.encryption.keyVaultProperties.keyIdentifier", (string?)(await ErrorOf(response))["target"]);
    }
}
