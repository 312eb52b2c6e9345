using System.Net;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class ReplicationTests
{
    private static string Replication(string registry, string name) => $"{Registry(registry)}/replications/{name}";

    [Fact]
    public async Task Replications_need_a_Premium_registry()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1", "Standard");
        var response = await arm.SendAsync(HttpMethod.Put, V(Replication("myregistry1", "eastus")), new JsonObject { ["location"] = "eastus" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("ReplicationNotSupported", (string?)error["code"]);
        Assert.Contains("SKU Standard", (string?)error["message"], StringComparison.Ordinal);
        var (_, list) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/replications"));
        Assert.Empty(list!["value"]!.AsArray());
        var orphan = await arm.SendAsync(HttpMethod.Get, V($"{Registry("nothere1")}/replications"));
        Assert.Equal(HttpStatusCode.NotFound, orphan.StatusCode);
    }

    [Fact]
    public async Task Premium_registries_get_a_home_replication_that_cannot_be_deleted_or_broken()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1", "Premium");
        var (_, list) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/replications"));
        var home = Assert.Single(list!["value"]!.AsArray())!;
        Assert.Equal("westus", (string?)home["name"]);
        Assert.Equal("westus", (string?)home["location"]);
        Assert.Equal("Ready", (string?)home["properties"]!["status"]!["displayStatus"]);

        var delete = await arm.SendAsync(HttpMethod.Delete, V(Replication("myregistry1", "westus")));
        Assert.Equal(HttpStatusCode.BadRequest, delete.StatusCode);
        Assert.Equal("OperationNotAllowed", (string?)(await ErrorOf(delete))["code"]);
        var disable = await arm.SendAsync(HttpMethod.Patch, V(Replication("myregistry1", "westus")), JsonNode.Parse("""{"properties":{"regionEndpointEnabled":false}}"""));
        Assert.Equal("OperationNotAllowed", (string?)(await ErrorOf(disable))["code"]);
        var move = await arm.SendAsync(HttpMethod.Put, V(Replication("myregistry1", "westus")), new JsonObject { ["location"] = "eastus" });
        Assert.Equal("PropertyChangeNotAllowed", (string?)(await ErrorOf(move))["code"]);
        var (tagged, taggedBody) = await arm.CallAsync(HttpMethod.Patch, V(Replication("myregistry1", "westus")), JsonNode.Parse("""{"tags":{"a":"b"}}"""));
        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        Assert.Equal("b", (string?)taggedBody!["tags"]!["a"]);
    }

    [Fact]
    public async Task Replications_support_create_get_update_list_and_delete()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1", "Premium");
        var (created, body) = await arm.CallAsync(HttpMethod.Put, V(Replication("myregistry1", "myReplication")), JsonNode.Parse("""{"location":"eastus","tags":{"key":"value"}}"""));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal("Microsoft.ContainerRegistry/registries/replications", (string?)body!["type"]);
        Assert.True((bool)body["properties"]!["regionEndpointEnabled"]!);
        Assert.Equal("Disabled", (string?)body["properties"]!["zoneRedundancy"]);

        var sameRegion = await arm.SendAsync(HttpMethod.Put, V(Replication("myregistry1", "second1")), JsonNode.Parse("""{"location":"eastus"}"""));
        Assert.Equal(HttpStatusCode.Conflict, sameRegion.StatusCode);

        var (_, patched) = await arm.CallAsync(HttpMethod.Patch, V(Replication("myregistry1", "myReplication")), JsonNode.Parse("""{"properties":{"regionEndpointEnabled":false}}"""));
        Assert.False((bool)patched!["properties"]!["regionEndpointEnabled"]!);
        var (_, list) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/replications"));
        Assert.Equal(2, list!["value"]!.AsArray().Count);

        var downgrade = await arm.SendAsync(HttpMethod.Patch, V(Registry("myregistry1")), JsonNode.Parse("""{"sku":{"name":"Standard"}}"""));
        Assert.Equal("ReplicationNotSupported", (string?)(await ErrorOf(downgrade))["code"]);

        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Delete, V(Replication("myregistry1", "myReplication")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Get, V(Replication("myregistry1", "myReplication")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Patch, V(Registry("myregistry1")), JsonNode.Parse("""{"sku":{"name":"Standard"}}"""))).StatusCode);
        var (_, afterDowngrade) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/replications"));
        Assert.Empty(afterDowngrade!["value"]!.AsArray());
    }
}
