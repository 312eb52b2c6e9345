using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Status;
using AcrOperator.Sandbox.Arm.Faults;
using k8s;
using k8s.Models;
using static AcrOperator.Tests.Controllers.RegistryChildHarness;

namespace AcrOperator.Tests.Controllers;

/// <summary>The BuildTask reconciler against both emulators: the task, its secrets compared through listDetails, and its runs.</summary>
public sealed class BuildTaskReconcilerTests
{
    private const string Name = "build-api";
    private const string GitToken = "ghp-g1t-70ken";
    private const string FeedToken = "f33d-70ken-9";
    private const string TaskPath = $"/registries/{RegistryAzureName}/tasks/{Name}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ArmRegistryChildId TaskId => new(RegistryId, ArmRegistryChildId.Tasks, Name);

    [Fact]
    public async Task Creates_the_task_with_its_secrets_marked_secret_reports_Ready_and_a_quiet_resync_writes_nothing()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewTask());

        var first = await h.ReconcileBuildTaskAsync(Name);

        var task = await h.ReadBuildTaskAsync(Name);
        Assert.True(IsReady(task!.Status), Describe(task));
        Assert.Equal(TaskId.ResourceId, task.Status.ResourceId, ignoreCase: true);
        Assert.True(first.RequeueAfter >= Options.ResyncInterval);
        Assert.Equal(1, h.Arm.Requests("PUT", TaskPath));
        var tasks = h.Arm.CreateClient().Client.Tasks;
        var shown = (await tasks.GetAsync(TaskId, Ct))!.Properties.ToJsonString();
        Assert.DoesNotContain(GitToken, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(FeedToken, shown, StringComparison.Ordinal);
        var details = (await tasks.GetDetailsAsync(TaskId, Ct))!.Properties;
        Assert.Equal(GitToken, (string?)details["step"]!["contextAccessToken"]);
        var feed = details["step"]!["arguments"]!.AsArray().Single(a => (string?)a!["name"] == "FEED")!;
        Assert.Equal(FeedToken, (string?)feed["value"]);
        Assert.True((bool?)feed["isSecret"]);
        Assert.Equal("0 2 * * *", (string?)details["trigger"]!["timerTriggers"]![0]!["schedule"]);
        Assert.Equal(GitToken, (string?)details["trigger"]!["sourceTriggers"]![0]!["sourceRepository"]!["sourceControlAuthProperties"]!["token"]);
        Assert.Equal("registry.example.com", ((JsonObject)details["credentials"]!["customRegistries"]!).Single().Key);

        var armWrites = h.ArmWrites("/tasks/");
        var kubeRevision = h.Cluster.Server.ResourceVersion;
        await h.ReconcileBuildTaskAsync(Name);
        await h.ReconcileBuildTaskAsync(Name);

        Assert.Equal(armWrites, h.ArmWrites("/tasks/"));
        Assert.Equal(kubeRevision, h.Cluster.Server.ResourceVersion);
        Assert.Equal(0, h.Arm.Requests("POST", "/scheduleRun"));
        Assert.Equal(3, h.Arm.Requests("POST", TaskPath + "/listDetails"));
    }

    [Fact]
    public async Task A_spec_change_is_one_PATCH_of_only_the_changed_fields_and_a_dropped_trigger_one_PUT()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewTask());
        await h.ReconcileBuildTaskAsync(Name);

        await h.PatchBuildTaskAsync(Name, """{"spec":{"timeoutSeconds":600,"enabled":false}}""");
        await h.ReconcileBuildTaskAsync(Name);
        await h.ReconcileBuildTaskAsync(Name);

        Assert.Equal(1, h.Arm.Requests("PATCH", TaskPath));
        Assert.Contains(h.Events, e => e.Reason == AzureConditions.Updating && e.Message == $"Updating task {Name}: enabled, timeoutSeconds");
        var tasks = h.Arm.CreateClient().Client.Tasks;
        var inAzure = await tasks.GetAsync(TaskId, Ct);
        Assert.False(inAzure!.Enabled);
        Assert.Equal(600, (int?)inAzure.Properties["timeout"]);
        Assert.Equal(2, (await h.ReadBuildTaskAsync(Name))!.Status.ObservedGeneration);

        // A member the spec does not manage, set in Azure, must survive the PUT that drops a trigger.
        await tasks.BeginUpdateAsync(TaskId, new ArmTaskUpdate { Properties = new JsonObject { ["logTemplate"] = "acr/tasks:{{.Run.OS}}" } }, Ct);
        await h.PatchBuildTaskAsync(Name, """{"spec":{"triggers":{"timerTriggers":null}}}""");
        await h.ReconcileBuildTaskAsync(Name);
        await h.ReconcileBuildTaskAsync(Name);

        Assert.Equal(2, h.Arm.Requests("PATCH", TaskPath));
        Assert.Equal(2, h.Arm.Requests("PUT", TaskPath));
        var replaced = (await tasks.GetDetailsAsync(TaskId, Ct))!.Properties;
        Assert.Empty(replaced["trigger"]!["timerTriggers"] as JsonArray ?? []);
        Assert.Equal("acr/tasks:{{.Run.OS}}", (string?)replaced["logTemplate"]);
        Assert.Equal(GitToken, (string?)replaced["step"]!["contextAccessToken"]);
        Assert.True(IsReady((await h.ReadBuildTaskAsync(Name))!.Status));
    }

    [Fact]
    public async Task Drift_in_a_secret_is_found_through_listDetails_and_corrected_and_no_secret_shows_in_logs_events_or_status()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewTask());
        await h.ReconcileBuildTaskAsync(Name);
        var tasks = h.Arm.CreateClient().Client.Tasks;
        await tasks.BeginUpdateAsync(TaskId, new ArmTaskUpdate { Properties = new JsonObject { ["step"] = new JsonObject { ["type"] = "Docker", ["contextAccessToken"] = "drifted" } } }, Ct);

        await h.ReconcileBuildTaskAsync(Name);
        await h.ReconcileBuildTaskAsync(Name);

        Assert.Equal(GitToken, (string?)(await tasks.GetDetailsAsync(TaskId, Ct))!.Properties["step"]!["contextAccessToken"]);
        Assert.Equal(2, h.Arm.Requests("PATCH", TaskPath));
        Assert.Contains(h.Events, e => e.Message == $"Updating task {Name}: step");
        var status = KubernetesJson.Serialize((await h.ReadBuildTaskAsync(Name))!.Status);
        await h.DeleteBuildTaskAsync(Name);
        await h.ReconcileBuildTaskAsync(Name);
        var shown = string.Join('\n', h.Arm.Logs.Lines.Concat(h.Events.Select(e => e.Message)).Append(status));
        Assert.Contains(Name, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(GitToken, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(FeedToken, shown, StringComparison.Ordinal);
        Assert.DoesNotContain("p4ssw0rd", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_existing_task_is_adopted_without_a_PUT()
    {
        await using var h = await ReadyAsync();
        var task = NewTask();
        var values = BuildTaskSecretValues.Read(new Dictionary<(string Name, string Key), string>
        {
            [("git", "token")] = GitToken,
            [("feed", "token")] = FeedToken,
            [("mirror", "password")] = "p4ssw0rd",
        });
        var tasks = h.Arm.CreateClient().Client.Tasks;
        await tasks.BeginCreateAsync(TaskId, BuildTaskSpecMapper.ToDefinition(task.Spec, BuildTaskSpecMapper.Properties(task.Spec, values), HomeLocation), Ct);
        await h.ApplyAsync(task);

        await h.ReconcileBuildTaskAsync(Name);

        Assert.True(IsReady((await h.ReadBuildTaskAsync(Name))!.Status), Describe(await h.ReadBuildTaskAsync(Name)));
        Assert.Equal(1, h.Arm.Requests("PUT", TaskPath));
        Assert.Equal(0, h.Arm.Requests("PATCH", TaskPath));
    }

    [Theory]
    [InlineData(DeletionPolicy.Delete)]
    [InlineData(DeletionPolicy.Orphan)]
    public async Task Deleting_the_resource_deletes_or_orphans_the_task_by_policy(DeletionPolicy policy)
    {
        await using var h = await ReadyAsync();
        var task = NewTask();
        task.Spec.DeletionPolicy = policy;
        await h.ApplyAsync(task);
        await h.ReconcileBuildTaskAsync(Name);

        await h.DeleteBuildTaskAsync(Name);
        await h.ReconcileBuildTaskAsync(Name);

        Assert.Null(await h.ReadBuildTaskAsync(Name));
        Assert.Equal(policy == DeletionPolicy.Orphan, await h.Arm.CreateClient().Client.Tasks.GetAsync(TaskId, Ct) is not null);
    }

    [Fact]
    public async Task RunOnChange_runs_once_per_generation_and_the_run_is_polled_to_Succeeded_with_its_images_in_status()
    {
        await using var h = await ReadyAsync();
        var task = NewTask();
        task.Spec.RunOnChange = true;
        await h.ApplyAsync(task);

        var started = await h.ReconcileBuildTaskAsync(Name);

        var running = await h.ReadBuildTaskAsync(Name);
        Assert.Equal("ca1", running!.Status.LastRun?.RunId);
        Assert.Equal("Queued", running.Status.LastRun!.Status);
        Assert.Equal(Conditions.Unknown, Condition(running.Status, BuildTaskConditions.Succeeded)?.Status);
        Assert.True(started.RequeueAfter < TimeSpan.FromMinutes(1), $"polled after {started.RequeueAfter}");
        Assert.Contains(h.Events, e => e.Reason == BuildTaskConditions.RunStarted && e.Message.Contains("ca1", StringComparison.Ordinal));

        h.Arm.Time.Advance(TimeSpan.FromSeconds(10));
        var finished = await h.ReconcileBuildTaskAsync(Name);
        await h.ReconcileBuildTaskAsync(Name);

        var done = await h.ReadBuildTaskAsync(Name);
        Assert.Equal("Succeeded", done!.Status.LastRun!.Status);
        Assert.NotNull(done.Status.LastRun.FinishTime);
        var image = Assert.Single(done.Status.LastRun.OutputImages!);
        Assert.StartsWith($"{RegistryAzureName}.azurecr.io/api:ca1@sha256:", image, StringComparison.Ordinal);
        Assert.Equal(Conditions.True, Condition(done.Status, BuildTaskConditions.Succeeded)?.Status);
        Assert.Single(done.Status.Runs!);
        Assert.True(finished.RequeueAfter >= Options.ResyncInterval);
        Assert.Equal(1, h.Arm.Requests("POST", "/scheduleRun"));
        Assert.Contains(h.Events, e => e.Reason == BuildTaskConditions.RunSucceeded && e.Message.Contains(image, StringComparison.Ordinal));

        await h.PatchBuildTaskAsync(Name, """{"spec":{"agentCpu":4}}""");
        await h.ReconcileBuildTaskAsync(Name);
        Assert.Equal(2, h.Arm.Requests("POST", "/scheduleRun"));
        Assert.Equal(["ca2", "ca1"], (await h.ReadBuildTaskAsync(Name))!.Status.Runs!.Select(r => r.RunId));
    }

    [Fact]
    public async Task Each_new_run_request_runs_once_and_a_failing_run_is_reported_with_its_error()
    {
        await using var h = await ReadyAsync();
        var task = NewTask();
        task.Spec.Step.Docker!.DockerFilePath = "Dockerfile.fail";
        await h.ApplyAsync(task);
        await h.ReconcileBuildTaskAsync(Name);
        Assert.Equal(0, h.Arm.Requests("POST", "/scheduleRun"));

        await RequestRunAsync(h, "first");
        await h.ReconcileBuildTaskAsync(Name);
        h.Arm.Time.Advance(TimeSpan.FromSeconds(10));
        await h.ReconcileBuildTaskAsync(Name);
        await h.ReconcileBuildTaskAsync(Name);

        var failed = await h.ReadBuildTaskAsync(Name);
        Assert.Equal(1, h.Arm.Requests("POST", "/scheduleRun"));
        Assert.Equal("first", failed!.Status.LastHandledRunRequest);
        Assert.Equal("Failed", failed.Status.LastRun!.Status);
        Assert.Contains("exit status 1", failed.Status.LastRun.ErrorMessage, StringComparison.Ordinal);
        var succeeded = Condition(failed.Status, BuildTaskConditions.Succeeded)!;
        Assert.Equal((Conditions.False, BuildTaskConditions.RunFailed), (succeeded.Status, succeeded.Reason));
        Assert.Contains("exit status 1", succeeded.Message, StringComparison.Ordinal);
        Assert.True(IsReady(failed.Status));
        Assert.Contains(h.Events, e => e.Reason == BuildTaskConditions.RunFailed);

        await RequestRunAsync(h, "second");
        await h.ReconcileBuildTaskAsync(Name);
        Assert.Equal(2, h.Arm.Requests("POST", "/scheduleRun"));
        Assert.Equal("ca2", (await h.ReadBuildTaskAsync(Name))!.Status.LastRun!.RunId);
    }

    [Fact]
    public async Task A_run_whose_scheduleRun_answer_was_lost_is_found_and_adopted_instead_of_started_twice()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewTask());
        await h.ReconcileBuildTaskAsync(Name);
        h.Arm.Server.Faults.Add(new ArmFault { Method = "POST", Action = "scheduleRun", Kind = ArmFaultKind.LoseResponse, Count = 1 });

        await RequestRunAsync(h, "first");
        var lost = await Record.ExceptionAsync(() => h.ReconcileBuildTaskAsync(Name));
        Assert.Equal(ArmErrorKind.Transient, Assert.IsType<ArmRequestException>(lost).Kind);
        Assert.Null((await h.ReadBuildTaskAsync(Name))!.Status.LastHandledRunRequest);

        await h.ReconcileBuildTaskAsync(Name);

        var adopted = (await h.ReadBuildTaskAsync(Name))!;
        Assert.Equal(1, h.Arm.Requests("POST", "/scheduleRun"));
        Assert.Equal("first", adopted.Status.LastHandledRunRequest);
        Assert.Equal("ca1", adopted.Status.LastRun!.RunId);
        h.Arm.Time.Advance(TimeSpan.FromSeconds(10));
        await h.ReconcileBuildTaskAsync(Name);
        Assert.Equal("Succeeded", (await h.ReadBuildTaskAsync(Name))!.Status.LastRun!.Status);
        Assert.Equal(1, h.Arm.Requests("POST", "/scheduleRun"));
    }

    [Fact]
    public async Task A_run_in_progress_is_polled_to_its_end_while_a_Secret_of_the_task_is_missing()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewTask());
        await h.ReconcileBuildTaskAsync(Name);
        await RequestRunAsync(h, "first");
        await h.ReconcileBuildTaskAsync(Name);
        Assert.Equal("Queued", (await h.ReadBuildTaskAsync(Name))!.Status.LastRun!.Status);

        await h.Cluster.Api.DeleteAsync(AcrOperator.Runtime.Kube.ResourceType.Secrets, Namespace, "feed", Ct);
        h.Arm.Time.Advance(TimeSpan.FromSeconds(10));
        await h.ReconcileBuildTaskAsync(Name);

        var task = (await h.ReadBuildTaskAsync(Name))!;
        Assert.Equal(Conditions.True, Condition(task.Status, ConditionTypes.Stalled)?.Status);
        Assert.Equal("Succeeded", task.Status.LastRun!.Status);
        Assert.Equal(Conditions.True, Condition(task.Status, BuildTaskConditions.Succeeded)!.Status);
    }

    [Fact]
    public async Task A_run_asked_for_while_another_runs_starts_in_the_pass_that_sees_the_first_end()
    {
        await using var h = await ReadyAsync();
        await h.ApplyAsync(NewTask());
        await h.ReconcileBuildTaskAsync(Name);
        await RequestRunAsync(h, "first");
        await h.ReconcileBuildTaskAsync(Name);
        await RequestRunAsync(h, "second");
        await h.ReconcileBuildTaskAsync(Name);
        Assert.Equal(1, h.Arm.Requests("POST", "/scheduleRun"));

        h.Arm.Time.Advance(TimeSpan.FromSeconds(10));
        await h.ReconcileBuildTaskAsync(Name);

        var task = (await h.ReadBuildTaskAsync(Name))!;
        Assert.Equal(2, h.Arm.Requests("POST", "/scheduleRun"));
        Assert.Equal("second", task.Status.LastHandledRunRequest);
        Assert.Equal(["Queued", "Succeeded"], task.Status.Runs!.Select(r => r.Status));
    }

    [Fact]
    public async Task A_schedule_the_schema_admits_but_Azure_refuses_stalls_InvalidSchedule_without_writing()
    {
        await using var h = await ReadyAsync();
        var task = NewTask();
        task.Spec.Triggers!.TimerTriggers![0].Schedule = "61 2 * * *";
        await h.ApplyAsync(task);

        var result = await h.ReconcileBuildTaskAsync(Name);

        var stalled = Condition((await h.ReadBuildTaskAsync(Name))!.Status, ConditionTypes.Stalled);
        Assert.Equal(BuildTaskConditions.InvalidSchedule, stalled?.Reason);
        Assert.Contains("'61' is not a valid minute", stalled!.Message, StringComparison.Ordinal);
        Assert.True(result.RequeueAfter >= Options.ResyncInterval);
        Assert.Equal(0, h.ArmWrites("/tasks/"));
    }

    [Fact]
    public async Task A_missing_Secret_stalls_the_task_naming_the_field_and_key()
    {
        await using var h = await StartAsync();
        await h.ReadyRegistryAsync();
        await h.ApplyAsync(NewTask());

        await h.ReconcileBuildTaskAsync(Name);

        var stalled = Condition((await h.ReadBuildTaskAsync(Name))!.Status, ConditionTypes.Stalled);
        Assert.Equal(ReferencedSecrets.SecretNotFound, stalled?.Reason);
        Assert.Contains("spec.step.contextAccessTokenSecretRef", stalled!.Message, StringComparison.Ordinal);
        Assert.Equal(0, h.ArmWrites("/tasks/"));
    }

    private static async Task RequestRunAsync(RegistryChildHarness h, string value)
    {
        var annotation = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationNames.RunRequestedAt] = value } } };
        await h.PatchBuildTaskAsync(Name, annotation.ToJsonString());
    }

    /// <summary>A Ready Premium Registry and the task's Secrets.</summary>
    private static async Task<RegistryChildHarness> ReadyAsync()
    {
        var h = await StartAsync();
        await h.ReadyRegistryAsync();
        await h.Cluster.ApplySecretAsync(Namespace, "git", new Dictionary<string, string> { ["token"] = GitToken + "\n" });
        await h.Cluster.ApplySecretAsync(Namespace, "feed", new Dictionary<string, string> { ["token"] = FeedToken });
        await h.Cluster.ApplySecretAsync(Namespace, "mirror", new Dictionary<string, string> { ["password"] = "p4ssw0rd" });
        return h;
    }

    /// <summary>A Docker build with a secret context token, a secret build argument, all three trigger kinds and a custom registry.</summary>
    private static BuildTask NewTask() => new()
    {
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Namespace },
        Spec = new BuildTaskSpec
        {
            RegistryRef = new RegistryRef { Name = RegistryName },
            Platform = new BuildTaskPlatform { Os = PlatformOs.Linux, Architecture = PlatformArchitecture.Amd64 },
            AgentCpu = 2,
            Step = new BuildTaskStep
            {
                ContextPath = "https://github.com/contoso/api.git#main",
                ContextAccessTokenSecretRef = new SecretKeyRef { Name = "git", Key = "token" },
                Docker = new DockerBuildStep
                {
                    DockerFilePath = "Dockerfile",
                    ImageNames = ["api:{{.Run.ID}}"],
                    Arguments = [new BuildTaskValue { Name = "FEED", SecretRef = new SecretKeyRef { Name = "feed", Key = "token" } }, new BuildTaskValue { Name = "VERSION", Value = "10" }],
                },
            },
            Triggers = new BuildTaskTriggers
            {
                SourceTriggers = [new SourceTrigger { Name = "commits", RepositoryUrl = "https://github.com/contoso/api.git", Branch = "main", Events = [SourceTriggerEvent.Commit], TokenSecretRef = new SecretKeyRef { Name = "git", Key = "token" } }],
                BaseImageTrigger = new BaseImageTrigger { Name = "base", Type = BaseImageTriggerType.Runtime },
                TimerTriggers = [new TimerTrigger { Name = "nightly", Schedule = "0 2 * * *" }],
            },
            CustomRegistries = [new CustomRegistryCredential { LoginServer = "registry.example.com", UserName = "builder", PasswordSecretRef = new SecretKeyRef { Name = "mirror", Key = "password" } }],
            Tags = new Dictionary<string, string> { ["team"] = "one" },
        },
    };

    private static string Describe(BuildTask? task) => task is null
        ? "no such BuildTask"
        : string.Join("; ", task.Status.Conditions.Select(c => $"{c.Type}={c.Status} ({c.Reason}): {c.Message}"));
}
