using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class LongRunningOperationTests
{
    [Fact]
    public async Task Azure_AsyncOperation_style_polls_InProgress_then_Succeeded_and_the_resource_follows()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        arm.Server.Completion.Set("Microsoft.ContainerRegistry/registries", ArmCompletionStyle.AzureAsyncOperation);

        var (created, body) = await arm.CallAsync(HttpMethod.Put, V(Registry("myregistry1")), RegistryBody());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("Creating", (string?)body!["properties"]!["provisioningState"]);
        var status = new Uri(created.Headers.GetValues("Azure-AsyncOperation").Single());
        Assert.Contains("/registries/myregistry1/operationStatuses/registries-", status.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("1", created.Headers.GetValues("Retry-After").Single());

        Assert.Equal("InProgress", (string?)JsonNode.Parse(await arm.Client.GetStringAsync(status, TestContext.Current.CancellationToken))!["status"]);
        var busy = await arm.SendAsync(HttpMethod.Patch, V(Registry("myregistry1")), JsonNode.Parse("""{"tags":{}}"""));
        Assert.Equal("AnotherOperationInProgress", (string?)(await ErrorOf(busy))["code"]);

        arm.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("Succeeded", (string?)JsonNode.Parse(await arm.Client.GetStringAsync(status, TestContext.Current.CancellationToken))!["status"]);
        var (_, final) = await arm.CallAsync(HttpMethod.Get, V(Registry("myregistry1")));
        Assert.Equal("Succeeded", (string?)final!["properties"]!["provisioningState"]);

        var (patched, patchBody) = await arm.CallAsync(HttpMethod.Patch, V(Registry("myregistry1")), JsonNode.Parse("""{"tags":{"a":"b"}}"""));
        Assert.Equal(HttpStatusCode.Created, patched.StatusCode);
        Assert.Equal("Updating", (string?)patchBody!["properties"]!["provisioningState"]);
        arm.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("Succeeded", (string?)(await arm.CallAsync(HttpMethod.Get, V(Registry("myregistry1")))).Body!["properties"]!["provisioningState"]);
    }

    [Fact]
    public async Task Location_style_answers_202_until_done_then_the_final_resource()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        arm.Server.Completion.Set("Microsoft.ContainerRegistry/registries", "PUT", ArmCompletionStyle.Location);
        arm.Server.Completion.Set("Microsoft.ContainerRegistry/registries", "DELETE", ArmCompletionStyle.Location);
        arm.Server.Completion.RetryAfterSeconds = 10;

        var accepted = await arm.SendAsync(HttpMethod.Put, V(Registry("myregistry1")), RegistryBody());
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("10", accepted.Headers.GetValues("Retry-After").Single());
        var location = accepted.Headers.Location!;
        Assert.Contains("/providers/Microsoft.ContainerRegistry/locations/westus/operationResults/registries-", location.AbsolutePath, StringComparison.Ordinal);

        arm.Time.Advance(TimeSpan.FromSeconds(5));
        var pending = await arm.Client.GetAsync(location, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, pending.StatusCode);
        Assert.Equal(location, pending.Headers.Location);
        arm.Time.Advance(TimeSpan.FromSeconds(5));
        var done = await arm.Client.GetAsync(location, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Equal("Succeeded", (string?)JsonNode.Parse(await done.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["properties"]!["provisioningState"]);

        var deleting = await arm.SendAsync(HttpMethod.Delete, V(Registry("myregistry1")));
        Assert.Equal(HttpStatusCode.Accepted, deleting.StatusCode);
        Assert.Equal("Deleting", (string?)(await arm.CallAsync(HttpMethod.Get, V(Registry("myregistry1")))).Body!["properties"]!["provisioningState"]);
        arm.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await arm.Client.GetAsync(deleting.Headers.Location, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Get, V(Registry("myregistry1")))).StatusCode);
    }

    [Fact]
    public async Task Completion_settings_and_throttling_change_at_run_time_over_admin()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        using var admin = arm.Server.CreateHttpClient(bearerToken: null);
        var put = await admin.PutAsync(
            "_admin/completion",
            new StringContent("""{"operationDurationMs":1000,"styles":[{"resourceType":"Microsoft.ContainerRegistry/registries","method":"PUT","style":"azureAsyncOperation"}]}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), arm.Server.Completion.OperationDuration);
        Assert.Equal(ArmCompletionStyle.AzureAsyncOperation, arm.Server.Completion.Get("microsoft.containerregistry/REGISTRIES", "put"));
        var (created, _) = await arm.CallAsync(HttpMethod.Put, V(Registry("myregistry1")), RegistryBody());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var throttle = await admin.PutAsync("_admin/throttling", new StringContent("""{"readCapacity":1,"readRefillPerSecond":0}""", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, throttle.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Get, V(Registry("myregistry1")))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await arm.SendAsync(HttpMethod.Get, V(Registry("myregistry1")))).StatusCode);
    }
}
