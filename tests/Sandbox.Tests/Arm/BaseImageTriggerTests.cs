using System.Net;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class BaseImageTriggerTests
{
    private const string Update = "/_admin/tasks/baseImageUpdate";

    private static JsonObject UpdateOf(string taskId) => new()
    {
        ["taskId"] = taskId,
        ["images"] = new JsonArray(new JsonObject { ["registry"] = "registry.hub.docker.com", ["repository"] = "library/node", ["tag"] = "22", ["digest"] = "sha256:" + new string('a', 64) }),
    };

    private static async Task<string> CreateTaskAsync(ArmHarness arm, JsonObject? body = null)
    {
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var task = TaskTests.Task("myregistry1", "build-app");
        var (created, answer) = await arm.CallAsync(HttpMethod.Put, V(task, TaskVersion), body ?? TaskTests.TaskBody());
        Assert.True(created.IsSuccessStatusCode, $"creating the task: {answer?.ToJsonString()}");
        return task;
    }

    [Fact]
    public async Task A_base_image_update_queues_an_AutoBuild_run_of_the_task_that_records_the_update()
    {
        await using var arm = await StartAsync();
        var task = await CreateTaskAsync(arm);

        var (response, run) = await arm.CallAsync(HttpMethod.Post, Update, UpdateOf(task));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var properties = run!["properties"]!;
        Assert.Equal("AutoBuild", (string?)properties["runType"]);
        Assert.Equal("build-app", (string?)properties["task"]);
        Assert.Equal("Queued", (string?)properties["status"]);
        var trigger = properties["imageUpdateTrigger"]!;
        Assert.True(Guid.TryParse((string?)trigger["id"], out _));
        Assert.NotNull((string?)trigger["timestamp"]);
        Assert.Equal("library/node", (string?)trigger["images"]![0]!["repository"]);

        arm.Time.Advance(TimeSpan.FromMinutes(1));
        var (_, list) = await arm.CallAsync(HttpMethod.Get, V(Registry("myregistry1") + "/runs", TaskVersion) + "&%24filter=RunType%20eq%20%27AutoBuild%27");
        var listed = Assert.Single(list!["value"]!.AsArray());
        Assert.Equal("Succeeded", (string?)listed!["properties"]!["status"]);
        Assert.Equal("22", (string?)listed["properties"]!["imageUpdateTrigger"]!["images"]![0]!["tag"]);
        Assert.Equal("app", (string?)listed["properties"]!["outputImages"]![0]!["repository"]);
    }

    [Fact]
    public async Task A_task_without_an_enabled_base_image_trigger_is_not_run_by_an_update()
    {
        await using var arm = await StartAsync();
        var body = TaskTests.TaskBody();
        body["properties"]!["trigger"]!.AsObject().Remove("baseImageTrigger");
        var task = await CreateTaskAsync(arm, body);

        var (response, error) = await arm.CallAsync(HttpMethod.Post, Update, UpdateOf(task));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("BaseImageTriggerNotEnabled", (string?)error!["error"]!["code"]);
        var (_, list) = await arm.CallAsync(HttpMethod.Get, V(Registry("myregistry1") + "/runs", TaskVersion));
        Assert.Empty(list!["value"]!.AsArray());
    }

    [Fact]
    public async Task An_update_names_an_existing_task_and_at_least_one_image()
    {
        await using var arm = await StartAsync();
        var task = await CreateTaskAsync(arm);

        var (missing, _) = await arm.CallAsync(HttpMethod.Post, Update, UpdateOf(task + "x"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var empty = UpdateOf(task);
        empty["images"] = new JsonArray();
        var (none, _) = await arm.CallAsync(HttpMethod.Post, Update, empty);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        var nameless = UpdateOf(task);
        nameless["images"]![0]!.AsObject().Remove("repository");
        var (bad, _) = await arm.CallAsync(HttpMethod.Post, Update, nameless);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
