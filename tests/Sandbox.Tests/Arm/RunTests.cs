using System.Net;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class RunTests
{
    private static string Run(string registry, string runId) => $"{Registry(registry)}/runs/{runId}";

    private static JsonObject DockerRequest(string dockerFile = "Dockerfile") => JsonNode.Parse($$$"""
        {
          "type": "DockerBuildRequest",
          "dockerFilePath": "{{{dockerFile}}}",
          "imageNames": ["app:{{.Run.ID}}", "team/tool"],
          "isArchiveEnabled": true,
          "platform": { "os": "Linux", "architecture": "amd64" },
          "sourceLocation": "https://github.com/example/app.git"
        }
        """)!.AsObject();

    private static async Task<JsonObject> ScheduleAsync(ArmHarness arm, JsonNode request, string registry = "myregistry1")
    {
        var (response, body) = await arm.CallAsync(HttpMethod.Post, V(Registry(registry) + "/scheduleRun", TaskVersion), request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"scheduleRun: {(int)response.StatusCode} {body?.ToJsonString()}");
        return body!.AsObject();
    }

    private static async Task<JsonNode> GetRunAsync(ArmHarness arm, string runId)
    {
        var (response, body) = await arm.CallAsync(HttpMethod.Get, V(Run("myregistry1", runId), TaskVersion));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return body!["properties"]!;
    }

    [Fact]
    public async Task A_docker_build_run_is_queued_then_runs_then_succeeds_with_its_images()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var run = await ScheduleAsync(arm, DockerRequest());
        Assert.Equal("ca1", (string?)run["name"]);
        Assert.Equal("Queued", (string?)run["properties"]!["status"]);
        Assert.Equal("QuickBuild", (string?)run["properties"]!["runType"]);
        Assert.Null(run["properties"]!["startTime"]);
        Assert.Equal("ca2", (string?)(await ScheduleAsync(arm, DockerRequest()))["name"]);

        arm.Time.Advance(TimeSpan.FromSeconds(1));
        var running = await GetRunAsync(arm, "ca1");
        Assert.Equal("Running", (string?)running["status"]);
        Assert.NotNull(running["startTime"]);
        Assert.Null(running["finishTime"]);
        Assert.Null(running["outputImages"]);

        arm.Time.Advance(TimeSpan.FromSeconds(5));
        var done = await GetRunAsync(arm, "ca1");
        Assert.Equal("Succeeded", (string?)done["status"]);
        Assert.True(DateTimeOffset.Parse((string)done["finishTime"]!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.Parse((string)done["startTime"]!, System.Globalization.CultureInfo.InvariantCulture));
        var images = done["outputImages"]!.AsArray();
        Assert.Equal(2, images.Count);
        Assert.Equal("myregistry1.azurecr.io", (string?)images[0]!["registry"]);
        Assert.Equal("app", (string?)images[0]!["repository"]);
        Assert.Equal("ca1", (string?)images[0]!["tag"]);
        Assert.Matches("^sha256:[0-9a-f]{64}$", (string?)images[0]!["digest"]);
        Assert.Equal("team/tool", (string?)images[1]!["repository"]);
        Assert.Equal("latest", (string?)images[1]!["tag"]);
        Assert.Null(done["runErrorMessage"]);
    }

    [Fact]
    public async Task A_run_whose_file_says_fail_fails_with_an_error_message()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var run = await ScheduleAsync(arm, DockerRequest("docker/fail.Dockerfile"));
        Assert.Equal("Queued", (string?)run["properties"]!["status"]);
        arm.Time.Advance(TimeSpan.FromSeconds(6));
        var failed = await GetRunAsync(arm, "ca1");
        Assert.Equal("Failed", (string?)failed["status"]);
        Assert.Contains("exit status 1", (string?)failed["runErrorMessage"], StringComparison.Ordinal);
        Assert.Null(failed["outputImages"]);

        var encoded = Convert.ToBase64String("steps:\n  - cmd: fail-on-purpose\n"u8.ToArray());
        await ScheduleAsync(arm, JsonNode.Parse($$$"""{"type":"EncodedTaskRunRequest","encodedTaskContent":"{{{encoded}}}","platform":{"os":"Linux"}}""")!);
        await ScheduleAsync(arm, JsonNode.Parse("""{"type":"FileTaskRunRequest","taskFilePath":"acb.yaml","platform":{"os":"Linux"}}""")!);
        arm.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("Failed", (string?)(await GetRunAsync(arm, "ca2"))["status"]);
        Assert.Equal("Succeeded", (string?)(await GetRunAsync(arm, "ca3"))["status"]);
    }

    [Fact]
    public async Task Queued_and_running_runs_can_be_canceled()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        await ScheduleAsync(arm, DockerRequest());
        await ScheduleAsync(arm, DockerRequest());
        var cancelQueued = await arm.SendAsync(HttpMethod.Post, V(Run("myregistry1", "ca1") + "/cancel", TaskVersion));
        Assert.Equal(HttpStatusCode.OK, cancelQueued.StatusCode);
        arm.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("Running", (string?)(await GetRunAsync(arm, "ca2"))["status"]);
        await arm.SendAsync(HttpMethod.Post, V(Run("myregistry1", "ca2") + "/cancel", TaskVersion));
        arm.Time.Advance(TimeSpan.FromSeconds(10));
        var first = await GetRunAsync(arm, "ca1");
        var second = await GetRunAsync(arm, "ca2");
        Assert.Equal("Canceled", (string?)first["status"]);
        Assert.Null(first["startTime"]);
        Assert.Equal("Canceled", (string?)second["status"]);
        Assert.NotNull(second["finishTime"]);
        Assert.Null(second["outputImages"]);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Post, V(Run("myregistry1", "ca9") + "/cancel", TaskVersion))).StatusCode);
    }

    [Fact]
    public async Task A_task_run_uses_the_stored_task_and_a_disabled_task_is_refused()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        await arm.CallAsync(HttpMethod.Put, V(TaskTests.Task("myregistry1", "build-app"), TaskVersion), TaskTests.TaskBody());
        var run = await ScheduleAsync(arm, JsonNode.Parse("""{"type":"TaskRunRequest","taskId":"build-app"}""")!);
        Assert.Equal("build-app", (string?)run["properties"]!["task"]);
        arm.Time.Advance(TimeSpan.FromSeconds(6));
        var done = await GetRunAsync(arm, "ca1");
        Assert.Equal("Succeeded", (string?)done["status"]);
        Assert.Equal("app", (string?)done["outputImages"]![0]!["repository"]);

        var missing = await arm.SendAsync(HttpMethod.Post, V(Registry("myregistry1") + "/scheduleRun", TaskVersion), JsonNode.Parse("""{"type":"TaskRunRequest","taskId":"nothere"}"""));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        await arm.CallAsync(HttpMethod.Patch, V(TaskTests.Task("myregistry1", "build-app"), TaskVersion), JsonNode.Parse("""{"properties":{"status":"Disabled"}}"""));
        var disabled = await arm.SendAsync(HttpMethod.Post, V(Registry("myregistry1") + "/scheduleRun", TaskVersion), JsonNode.Parse($$"""{"type":"TaskRunRequest","taskId":"{{TaskTests.Task("myregistry1", "build-app")}}"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, disabled.StatusCode);
        var error = await ErrorOf(disabled);
        Assert.Equal("TaskDisabled", (string?)error["code"]);
        Assert.Contains("build-app", (string?)error["message"], StringComparison.Ordinal);
        var (_, list) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/runs", TaskVersion));
        Assert.Single(list!["value"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"type":"PythonRequest","platform":{"os":"Linux"}}""", "type")]
    [InlineData("""{"type":"DockerBuildRequest","platform":{"os":"Linux"}}""", "dockerFilePath")]
    [InlineData("""{"type":"DockerBuildRequest","dockerFilePath":"Dockerfile"}""", "platform")]
    [InlineData("""{"type":"DockerBuildRequest","dockerFilePath":"Dockerfile","platform":{"os":"Linux"},"taskFilePath":"acb.yaml"}""", "taskFilePath")]
    [InlineData("""{"type":"FileTaskRunRequest","taskFilePath":"acb.yaml","platform":{"os":"Linux","architecture":"sparc"}}""", "platform.architecture")]
    [InlineData("""{"type":"FileTaskRunRequest","taskFilePath":"acb.yaml","platform":{"os":"Linux"},"timeout":30}""", "timeout")]
    [InlineData("""{"type":"EncodedTaskRunRequest","platform":{"os":"Linux"}}""", "encodedTaskContent")]
    [InlineData("""{"type":"TaskRunRequest"}""", "taskId")]
    [InlineData("""{"type":"TaskRunRequest","taskId":"t","dockerFilePath":"Dockerfile"}""", "dockerFilePath")]
    public async Task Invalid_run_requests_are_refused(string request, string target)
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var response = await arm.SendAsync(HttpMethod.Post, V(Registry("myregistry1") + "/scheduleRun", TaskVersion), JsonNode.Parse(request));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("InvalidRequestContent", (string?)error["code"]);
        Assert.Equal(target, (string?)error["target"]);
    }

    [Fact]
    public async Task Runs_list_with_filter_and_top_update_archiving_and_give_a_log_link()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        await ScheduleAsync(arm, DockerRequest());
        await ScheduleAsync(arm, DockerRequest("fail.Dockerfile"));
        await ScheduleAsync(arm, DockerRequest());
        arm.Time.Advance(TimeSpan.FromSeconds(6));

        var (_, all) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/runs", TaskVersion));
        Assert.Equal(["ca3", "ca2", "ca1"], all!["value"]!.AsArray().Select(r => (string?)r!["name"]));
        var (_, failed) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/runs", TaskVersion) + "&$filter=" + Uri.EscapeDataString("status eq 'Failed'"));
        Assert.Equal("ca2", (string?)Assert.Single(failed!["value"]!.AsArray())!["name"]);
        var (_, top) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/runs", TaskVersion) + "&$top=1");
        Assert.Equal("ca3", (string?)Assert.Single(top!["value"]!.AsArray())!["name"]);
        var badFilter = await arm.SendAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/runs", TaskVersion) + "&$filter=" + Uri.EscapeDataString("color eq 'red'"));
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);

        var (patched, body) = await arm.CallAsync(HttpMethod.Patch, V(Run("myregistry1", "ca1"), TaskVersion), JsonNode.Parse("""{"properties":{"isArchiveEnabled":false}}"""));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.False((bool)body!["properties"]!["isArchiveEnabled"]!);
        Assert.Equal("Succeeded", (string?)body["properties"]!["status"]);
        var statusChange = await arm.SendAsync(HttpMethod.Patch, V(Run("myregistry1", "ca1"), TaskVersion), JsonNode.Parse("""{"properties":{"status":"Queued"}}"""));
        Assert.Equal(HttpStatusCode.BadRequest, statusChange.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await arm.SendAsync(HttpMethod.Put, V(Run("myregistry1", "ca1"), TaskVersion), new JsonObject())).StatusCode);

        var (logs, link) = await arm.CallAsync(HttpMethod.Post, V(Run("myregistry1", "ca3") + "/listLogSasUrl", TaskVersion));
        Assert.Equal(HttpStatusCode.OK, logs.StatusCode);
        var uri = new Uri((string)link!["logLink"]!);
        Assert.Equal("https", uri.Scheme);
        Assert.Contains("ca3", uri.AbsolutePath, StringComparison.Ordinal);
        Assert.Contains("sig=", uri.Query, StringComparison.Ordinal);
        Assert.Contains("se=", uri.Query, StringComparison.Ordinal);
        Assert.NotNull(link["logArtifactLink"]);
        var (_, unarchived) = await arm.CallAsync(HttpMethod.Post, V(Run("myregistry1", "ca1") + "/listLogSasUrl", TaskVersion));
        Assert.Null(unarchived!["logArtifactLink"]);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Post, V(Run("myregistry1", "ca7") + "/listLogSasUrl", TaskVersion))).StatusCode);
    }
}
