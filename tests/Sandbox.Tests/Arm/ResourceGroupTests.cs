using System.Net;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class ResourceGroupTests
{
    [Fact]
    public async Task Put_creates_then_updates_and_Head_and_Get_report_existence()
    {
        await using var arm = await StartAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Head, V(Group(), GroupVersion))).StatusCode);
        var (created, body) = await arm.CallAsync(HttpMethod.Put, V(Group(), GroupVersion), new JsonObject { ["location"] = "West US" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("westus", (string?)body!["location"]);
        Assert.Equal("Microsoft.Resources/resourceGroups", (string?)body["type"]);
        Assert.Equal("Succeeded", (string?)body["properties"]!["provisioningState"]);

        var (updated, _) = await arm.CallAsync(HttpMethod.Put, V(Group(), GroupVersion), new JsonObject { ["location"] = "westus", ["tags"] = new JsonObject { ["a"] = "b" } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await arm.SendAsync(HttpMethod.Head, V(Group(), GroupVersion))).StatusCode);
        var (got, gotBody) = await arm.CallAsync(HttpMethod.Get, V(Group(), GroupVersion));
        Assert.Equal(HttpStatusCode.OK, got.StatusCode);
        Assert.Equal("b", (string?)gotBody!["tags"]!["a"]);

        var missing = await arm.SendAsync(HttpMethod.Get, V(Group("nope"), GroupVersion));
        Assert.Equal("ResourceGroupNotFound", (string?)(await ErrorOf(missing))["code"]);
    }

    [Fact]
    public async Task Delete_is_202_with_Location_and_removes_the_contents_when_done()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var accepted = await arm.SendAsync(HttpMethod.Delete, V(Group(), GroupVersion));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!;
        Assert.Equal("1", accepted.Headers.GetValues("Retry-After").Single());

        Assert.Equal(HttpStatusCode.Accepted, (await arm.Client.GetAsync(location, TestContext.Current.CancellationToken)).StatusCode);
        var blocked = await arm.SendAsync(HttpMethod.Put, V(Registry("another1")), RegistryBody());
        Assert.Equal("ResourceGroupBeingDeleted", (string?)(await ErrorOf(blocked))["code"]);

        arm.Time.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(HttpStatusCode.OK, (await arm.Client.GetAsync(location, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Head, V(Group(), GroupVersion))).StatusCode);

        // The registry went with its group, so its name is free again.
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Delete, V(Group("nope"), GroupVersion))).StatusCode);
    }

    [Fact]
    public async Task Resources_need_an_existing_group()
    {
        await using var arm = await StartAsync();
        var response = await arm.SendAsync(HttpMethod.Put, V(Registry("myregistry1", "missing")), RegistryBody());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceGroupNotFound", (string?)(await ErrorOf(response))["code"]);
    }
}
