using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Status;
using AcrOperator.Tests.TestSupport;
using k8s.Models;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// BuildTask runs with the operator as its own process: runs on change and on request end to end, and the process
/// killed while a run is in progress and started again (the run lives in status.lastRun, so the second process polls
/// that run to its end and starts no other). Each test has its own operator.
/// </summary>
public sealed class BuildTaskRunEndToEndTests
{
    [Fact]
    public async Task Runs_on_change_and_on_request_each_run_once_and_reach_Succeeded_with_their_images()
    {
        await using var env = await OperatorOnEmulators.StartAsync(resyncInterval: TimeSpan.FromSeconds(2), operationDuration: TimeSpan.FromSeconds(1));
        var registry = await env.NewRegistryInOwnGroupAsync("runner");
        var scheduleRun = OperatorOnEmulators.ArmPath(registry) + "/scheduleRun";
        var log = env.Arm.RequestLog;

        await env.ExplainFailuresAsync(async () =>
        {
            await env.ApplyAndWaitReadyAsync(registry);
            await env.ApplyAsync(BuildTaskResources.BuildTasks, Task("api-build", "runner"));
            var first = await SucceededAsync(env, "api-build", previousRuns: 0);
            Assert.Contains(first.Status.LastRun!.OutputImages!, image => image.Contains("/nightly:", StringComparison.Ordinal));

            // A request runs once; the same value seen again (any later pass, a resync) runs nothing.
            await env.PatchAsync<BuildTask>(BuildTaskResources.BuildTasks, "api-build", "{\"metadata\":{\"annotations\":{\"" + AnnotationNames.RunRequestedAt + "\":\"release-1\"}}}");
            var requested = await SucceededAsync(env, "api-build", previousRuns: 1);
            Assert.NotEqual(first.Status.LastRun.RunId, requested.Status.LastRun!.RunId);
            Assert.Equal("release-1", requested.Status.LastHandledRunRequest);

            // A spec change (a new generation) runs once more under runOnChange.
            await env.PatchAsync<BuildTask>(BuildTaskResources.BuildTasks, "api-build", "{\"spec\":{\"agentCpu\":4}}");
            var changed = await SucceededAsync(env, "api-build", previousRuns: 2);
            Assert.Equal([changed.Status.LastRun!.RunId, requested.Status.LastRun.RunId, first.Status.LastRun.RunId], changed.Status.Runs!.Select(r => r.RunId));

            // Resyncs every 2 s: three of them later, still three runs.
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(6), TestContext.Current.CancellationToken);
            Assert.Equal(3, log.Entries.For(scheduleRun).Count("POST"));
        });
    }

    [Fact]
    public async Task An_operator_killed_while_a_run_is_in_progress_polls_the_same_run_after_a_restart_and_starts_no_other()
    {
        await using var env = await OperatorOnEmulators.StartAsync(resyncInterval: TimeSpan.FromSeconds(2), operationDuration: TimeSpan.FromSeconds(1));
        var registry = await env.NewRegistryInOwnGroupAsync("builder");
        var scheduleRun = OperatorOnEmulators.ArmPath(registry) + "/scheduleRun";
        var log = env.Arm.RequestLog;

        await env.ExplainFailuresAsync(async () =>
        {
            await env.ApplyAndWaitReadyAsync(registry);
            await env.ApplyAsync(BuildTaskResources.BuildTasks, Task("nightly-build", "builder"));
            var running = await env.WaitForAsync<BuildTask>(BuildTaskResources.BuildTasks, "nightly-build", t => t?.Status.LastRun is { } run && run.Status is "Queued" or "Running");

            env.KillOperator();
            var killed = log.Mark();
            Assert.Equal(1, log.Entries.For(scheduleRun).Count("POST"));
            env.StartOperator();

            var done = await env.WaitForAsync<BuildTask>(BuildTaskResources.BuildTasks, "nightly-build", t => t?.Status.LastRun?.Status == "Succeeded", timeoutSeconds: 60);
            Assert.Equal(running.Status.LastRun!.RunId, done.Status.LastRun!.RunId);
            Assert.Single(done.Status.Runs!);
            Assert.Equal(Conditions.True, Conditions.Find(done.Status.Conditions, BuildTaskConditions.Succeeded)?.Status);
            Assert.Equal(1, log.Entries.For(scheduleRun).Count("POST"));
            var runPath = OperatorOnEmulators.ArmPath(registry) + "/runs/" + running.Status.LastRun.RunId;
            Assert.Contains(log.Since(killed).For(runPath), e => e.Method == "GET");
        });
    }

    /// <summary>Waits until the BuildTask has one more run than <paramref name="previousRuns"/>, and it succeeded.</summary>
    private static Task<BuildTask> SucceededAsync(OperatorOnEmulators env, string name, int previousRuns) =>
        env.WaitForAsync<BuildTask>(
            BuildTaskResources.BuildTasks,
            name,
            t => t?.Status.Runs?.Count == previousRuns + 1 && t.Status.LastRun?.Status == "Succeeded"
                && Conditions.IsTrue(t.Status.Conditions, BuildTaskConditions.Succeeded));

    private static BuildTask Task(string name, string registry) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = OperatorOnEmulators.Namespace },
        Spec = new BuildTaskSpec
        {
            RegistryRef = new RegistryRef { Name = registry },
            Platform = new BuildTaskPlatform { Os = PlatformOs.Linux },
            Step = new BuildTaskStep
            {
                ContextPath = "https://github.com/contoso/nightly.git",
                Docker = new DockerBuildStep { DockerFilePath = "Dockerfile", ImageNames = ["nightly:{{.Run.ID}}"] },
            },
            RunOnChange = true,
        },
    };
}
