using System.Diagnostics;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime.Status;
using AcrOperator.Tests.Api;
using AcrOperator.Tests.TestSupport;
using k8s;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// Issue 5 end to end: the operator as its own process, configured only through its settings, against the
/// Kubernetes emulator and the ARM emulator, both on real time. This one owns its operator: its quiet-resync check
/// counts every Kubernetes write in the emulator, which registries of other tests would disturb.
/// </summary>
public sealed class RegistryEndToEndTests
{
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task The_sample_becomes_Ready_with_its_login_server_a_quiet_resync_writes_nothing_and_delete_removes_it_from_Azure()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var env = await OperatorOnEmulators.StartAsync(ResyncInterval, operationDuration: TimeSpan.FromSeconds(1));
        var sample = KubernetesYaml.Deserialize<Registry>(RepoFiles.Read("config", "samples", "acr_v1alpha1_registry.yaml"));
        // The sample keeps its Azure registry when deleted (Orphan); this test checks the default, Delete.
        sample.Spec.DeletionPolicy = DeletionPolicy.Delete;
        var name = sample.Metadata.Name;
        var registryPath = OperatorOnEmulators.ArmPath(sample);
        var log = env.Arm.RequestLog;
        await env.CreateResourceGroupAsync(sample.Spec.ResourceGroup);

        await env.ExplainFailuresAsync(async () =>
        {
            await env.ApplyAsync(sample);

            var registry = await env.WaitForAsync(name, OperatorOnEmulators.IsReady);
            Assert.Equal($"{sample.Spec.AzureName}.azurecr.io", registry.Status.LoginServer);
            Assert.Equal("/" + registryPath, registry.Status.ResourceId, ignoreCase: true);
            Assert.Equal(registry.Metadata.Generation, registry.Status.ObservedGeneration);
            Assert.Null(registry.Status.Operation);
            Assert.Equal(1, log.Entries.For(registryPath).Count("PUT"));
            Assert.True(log.Entries.Within(registryPath).Any(e => e.Path.Contains("/operationStatuses/", StringComparison.OrdinalIgnoreCase)), "the create was not polled through its Azure-AsyncOperation");
            var created = (await env.ReadArmAsync(registryPath))!;
            Assert.Equal("Premium", (string?)created["sku"]?["name"]);
            Assert.Equal("Enabled", (string?)created["properties"]?["zoneRedundancy"]);
            var readyAfter = stopwatch.Elapsed;

            // The sample has a pull secret: the pull-secret controller starts once the registry is Ready and must have
            // written its condition before the quiet period begins.
            await Eventually.TrueAsync(async () => Conditions.Find((await env.ReadAsync(name))?.Status.Conditions, "PullSecretsReady") is not null, timeoutSeconds: 30);

            // The pass that made it Ready may still be flushing its Events; one resync later everything has landed.
            // From there, each resync reads the registry from Azure and must write nothing anywhere.
            await env.WaitForReadsAsync(registryPath, log.Mark(), 1);
            var armWrites = log.Entries.Writes();
            var kubeRevision = env.Cluster.Server.ResourceVersion;
            var registryRevision = (await env.ReadAsync(name))!.Metadata.ResourceVersion;
            await env.WaitForReadsAsync(registryPath, log.Mark(), 3);

            Assert.Equal(armWrites, log.Entries.Writes());
            Assert.Equal(registryRevision, (await env.ReadAsync(name))!.Metadata.ResourceVersion);
            Assert.Equal(kubeRevision, env.Cluster.Server.ResourceVersion);

            await env.DeleteAsync(name);
            await env.WaitForAsync(name, r => r is null, timeoutSeconds: 30);
            Assert.Null(await env.ReadArmAsync(registryPath));
            Assert.Equal(1, log.Entries.For(registryPath).Count("DELETE"));

            TestContext.Current.TestOutputHelper?.WriteLine($"Ready after {readyAfter.TotalSeconds:F1} s; done after {stopwatch.Elapsed.TotalSeconds:F1} s");
        });
    }
}
