using System.Net;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class TaskTests
{
    internal static string Task(string registry, string name) => $"{Registry(registry)}/tasks/{name}";

    internal static JsonObject TaskBody(string dockerFile = "src/Dockerfile", string status = "Enabled") => JsonNode.Parse($$"""
        {
          "location": "westus",
          "properties": {
            "status": "{{status}}",
            "platform": { "os": "linux", "architecture": "amd64" },
            "agentConfiguration": { "cpu": 2 },
            "step": {
              "type": "Docker",
              "dockerFilePath": "{{dockerFile}}",
              "contextPath": "https://github.com/example/app.git",
              "imageNames": ["app:v1"],
              "arguments": [
                { "name": "plain", "value": "visible", "isSecret": false },
                { "name": "hidden", "value": "s3cret-arg", "isSecret": true }
              ]
            },
            "trigger": {
              "sourceTriggers": [{
                "name": "onCommit",
                "sourceRepository": {
                  "sourceControlType": "Github",
                  "repositoryUrl": "https://github.com/example/app",
                  "branch": "main",
                  "sourceControlAuthProperties": { "tokenType": "PAT", "token": "ghp_s3cret-token" }
                },
                "sourceTriggerEvents": ["commit", "pullrequest"]
              }],
              "timerTriggers": [{ "name": "nightly", "schedule": "0 2 * * MON-FRI" }],
              "baseImageTrigger": { "name": "base", "baseImageTriggerType": "Runtime", "updateTriggerEndpoint": "https://user:s3cret-hook@ci.example.com/hook" }
            },
            "credentials": {
              "customRegistries": {
                "other.azurecr.io": { "userName": { "type": "Opaque", "value": "bob" }, "password": { "type": "Opaque", "value": "s3cret-password" } }
              }
            }
          }
        }
        """)!.AsObject();

    [Fact]
    public async Task Tasks_support_create_get_update_list_and_delete_synchronously()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        arm.Server.Completion.DefaultStyle = AcrOperator.Sandbox.Arm.ArmCompletionStyle.AzureAsyncOperation;

        var (created, body) = await arm.CallAsync(HttpMethod.Put, V(Task("myregistry1", "build-app"), TaskVersion), TaskBody());
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.False(created.Headers.Contains("Azure-AsyncOperation"));
        Assert.Equal("Succeeded", (string?)body!["properties"]!["provisioningState"]);
        Assert.Equal("Linux", (string?)body["properties"]!["platform"]!["os"]);
        Assert.Equal(3600, (int)body["properties"]!["timeout"]!);
        Assert.True((bool)body["properties"]!["step"]!["isPushEnabled"]!);
        Assert.Equal("Enabled", (string?)body["properties"]!["trigger"]!["timerTriggers"]![0]!["status"]);

        var (_, patched) = await arm.CallAsync(HttpMethod.Patch, V(Task("myregistry1", "build-app"), TaskVersion), JsonNode.Parse("""
            { "properties": { "status": "Disabled", "trigger": { "sourceTriggers": [{ "name": "onCommit", "sourceTriggerEvents": ["commit"] }] } } }
            """));
        Assert.Equal("Disabled", (string?)patched!["properties"]!["status"]);
        var source = patched["properties"]!["trigger"]!["sourceTriggers"]![0]!;
        Assert.Equal("https://github.com/example/app", (string?)source["sourceRepository"]!["repositoryUrl"]);
        Assert.Single(source["sourceTriggerEvents"]!.AsArray());

        var (_, list) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/tasks", TaskVersion));
        Assert.Equal("build-app", (string?)Assert.Single(list!["value"]!.AsArray())!["name"]);
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Delete, V(Task("myregistry1", "build-app"), TaskVersion))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Get, V(Task("myregistry1", "build-app"), TaskVersion))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await arm.SendAsync(HttpMethod.Delete, V(Task("myregistry1", "build-app"), TaskVersion))).StatusCode);
    }

    [Fact]
    public async Task Only_listDetails_returns_task_secrets()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var (_, put) = await arm.CallAsync(HttpMethod.Put, V(Task("myregistry1", "build-app"), TaskVersion), TaskBody());
        var (_, get) = await arm.CallAsync(HttpMethod.Get, V(Task("myregistry1", "build-app"), TaskVersion));
        var (_, list) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/tasks", TaskVersion));
        var (_, patch) = await arm.CallAsync(HttpMethod.Patch, V(Task("myregistry1", "build-app"), TaskVersion), JsonNode.Parse("""{"tags":{"a":"b"}}"""));
        foreach (var masked in new[] { put, get, list, patch })
        {
            var text = masked!.ToJsonString();
            Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
            Assert.Contains("visible", text, StringComparison.Ordinal);
        }

        Assert.True(get!["properties"]!["credentials"]!["customRegistries"]!.AsObject().ContainsKey("other.azurecr.io"));
        var (details, full) = await arm.CallAsync(HttpMethod.Post, V(Task("myregistry1", "build-app") + "/listDetails", TaskVersion));
        Assert.Equal(HttpStatusCode.OK, details.StatusCode);
        var properties = full!["properties"]!;
        Assert.Equal("s3cret-arg", (string?)properties["step"]!["arguments"]![1]!["value"]);
        Assert.Equal("ghp_s3cret-token", (string?)properties["trigger"]!["sourceTriggers"]![0]!["sourceRepository"]!["sourceControlAuthProperties"]!["token"]);
        Assert.Equal("https://user:s3cret-hook@ci.example.com/hook", (string?)properties["trigger"]!["baseImageTrigger"]!["updateTriggerEndpoint"]);
        Assert.Equal("s3cret-password", (string?)properties["credentials"]!["customRegistries"]!["other.azurecr.io"]!["password"]!["value"]);
    }

    [Theory]
    [InlineData("0 2 * *", "expected 5 fields")]
    [InlineData("0 0 2 * * *", "expected 5 fields")]
    [InlineData("61 2 * * *", "minute")]
    [InlineData("0 24 * * *", "hour")]
    [InlineData("0 2 * 13 *", "month")]
    [InlineData("0 2 * * FUNDAY", "day of week")]
    [InlineData("*/0 2 * * *", "minute")]
    public async Task Invalid_cron_schedules_are_refused(string schedule, string why)
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var body = TaskBody();
        body["properties"]!["trigger"]!["timerTriggers"]![0]!["schedule"] = schedule;
        var response = await arm.SendAsync(HttpMethod.Put, V(Task("myregistry1", "build-app"), TaskVersion), body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("InvalidRequestContent", (string?)error["code"]);
        Assert.Equal("properties.trigger.timerTriggers[0].schedule", (string?)error["target"]);
        Assert.Contains(why, (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Get, V(Task("myregistry1", "build-app"), TaskVersion))).StatusCode);
    }

    [Theory]
    [InlineData("""{"type":"Docker","dockerFilePath":"Dockerfile","taskFilePath":"acb.yaml"}""", "properties.step.taskFilePath")]
    [InlineData("""{"type":"FileTask","dockerFilePath":"Dockerfile"}""", "properties.step.dockerFilePath")]
    [InlineData("""{"type":"EncodedTask","encodedTaskContent":"not base64!"}""", "properties.step.encodedTaskContent")]
    [InlineData("""{"type":"Docker"}""", "properties.step.dockerFilePath")]
    [InlineData("""{"type":"Shell","dockerFilePath":"Dockerfile"}""", "properties.step.type")]
    [InlineData("""{"dockerFilePath":"Dockerfile"}""", "properties.step.type")]
    public async Task Invalid_steps_are_refused(string step, string target)
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var body = TaskBody();
        body["properties"]!["step"] = JsonNode.Parse(step);
        var response = await arm.SendAsync(HttpMethod.Put, V(Task("myregistry1", "build-app"), TaskVersion), body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("InvalidRequestContent", (string?)error["code"]);
        Assert.Equal(target, (string?)error["target"]);
    }

    [Theory]
    [InlineData("properties.platform.os", "\"Solaris\"")]
    [InlineData("properties.platform.variant", "\"v9\"")]
    [InlineData("properties.timeout", "299")]
    [InlineData("properties.timeout", "28801")]
    [InlineData("properties.agentConfiguration.cpu", "\"two\"")]
    [InlineData("properties.status", "\"Paused\"")]
    [InlineData("properties.trigger.sourceTriggers", """[{"name":"x","sourceRepository":{"sourceControlType":"Github","repositoryUrl":"https://github.com/a/b"},"sourceTriggerEvents":["push"]}]""")]
    [InlineData("properties.trigger.sourceTriggers", """[{"name":"x","sourceRepository":{"sourceControlType":"Gitlab","repositoryUrl":"https://gitlab.com/a/b"},"sourceTriggerEvents":["commit"]}]""")]
    [InlineData("properties.trigger.sourceTriggers", """[{"name":"x","sourceRepository":{"sourceControlType":"Github"},"sourceTriggerEvents":["commit"]}]""")]
    [InlineData("properties.trigger.baseImageTrigger", """{"name":"b","baseImageTriggerType":"Sometimes"}""")]
    public async Task Invalid_task_properties_are_refused(string path, string value)
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var body = TaskBody();
        var parts = path.Split('.');
        var owner = body;
        foreach (var part in parts[..^1])
        {
            owner = owner[part]!.AsObject();
        }

        owner[parts[^1]] = JsonNode.Parse(value);
        var response = await arm.SendAsync(HttpMethod.Put, V(Task("myregistry1", "build-app"), TaskVersion), body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("InvalidRequestContent", (string?)error["code"]);
        Assert.StartsWith(path, (string?)error["target"], StringComparison.Ordinal);
    }
}
