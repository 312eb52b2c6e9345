using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Status;
using AcrOperator.Tests.TestSupport;
using k8s.Models;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// The operator process killed while a BuildTask's run is in progress, and started again: the run lives in
/// status.lastRun, so the second process polls that run to its end and starts no other. Its own operator, because
/// the test kills it.
/// </summary>
public sealed class BuildTaskRestartEndToEndTests
{
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
