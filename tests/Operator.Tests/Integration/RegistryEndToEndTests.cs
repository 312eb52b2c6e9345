using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Status;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Tests.TestSupport;
using AcrOperator.Tests.Api;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// Issue 5 end to end: the operator as its own process, configured only through its settings, against the
/// Kubernetes emulator and the ARM emulator, both on real time.
/// </summary>
public sealed class RegistryEndToEndTests
{
    private const string Subscription = "00000000-0000-0000-0000-000000000000";
    private const string Namespace = "default";
    private const string RegistryType = "Microsoft.ContainerRegistry/registries";
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_sample_becomes_Ready_with_its_login_server_a_quiet_resync_writes_nothing_and_delete_removes_it_from_Azure()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        await using var arm = await ArmServer.StartAsync(new ArmServerOptions { OperationDuration = TimeSpan.FromSeconds(1), RetryAfterSeconds = 1 }, Ct);
        // Creates and deletes answer 201/202 with Azure-AsyncOperation, as ACR does, so the operator has to park the
        // operation in status.operation and poll it instead of getting the final state at once.
        arm.Completion.Set(RegistryType, ArmCompletionStyle.AzureAsyncOperation);

        var sample = KubernetesYaml.Deserialize<Registry>(RepoFiles.Read("config", "samples", "acr_v1alpha1_registry.yaml"));
        // The sample keeps its Azure registry when deleted (Orphan); this test checks the default, Delete.
        sample.Spec.DeletionPolicy = DeletionPolicy.Delete;
        var azureName = sample.Spec.AzureName!;
        var registryPath = $"subscriptions/{Subscription}/resourceGroups/{sample.Spec.ResourceGroup}/providers/{RegistryType}/{azureName}";
        // The registry's own URL, not its children's (the sample's pull secret gives it a token under this path).
        var registryUrl = registryPath + "?api-version=";
        using var armHttp = arm.CreateHttpClient();
        await CreateResourceGroupAsync(armHttp, sample.Spec.ResourceGroup, sample.Spec.Location);

        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(RepoFiles.Read("config", "crd", "bases", "acr.operator.dev_registries.yaml"));
        await cluster.Kubernetes.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: Ct);
        await cluster.Kubernetes.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "acr-operator-system" } }, cancellationToken: Ct);

        var stopwatch = Stopwatch.StartNew();
        using var process = OperatorProcess.Start(cluster.KubeconfigPath, OperatorProcess.FreePort(), out var output, new Dictionary<string, string>
        {
            // Without leader election the operator's only Kubernetes writes are its reconciles' (status, finalizer,
            // Events), so the emulator's global resourceVersion, bumped by every write of any kind, must stand still
            // over a quiet resync. With it on, the Lease renewal every RetryPeriod would bump it too, and checking only
            // the Registry's resourceVersion would miss Events written on every pass.
            ["Operator__LeaderElect"] = "false",
            ["Operator__Azure__ResourceManagerEndpoint"] = arm.BaseAddress.ToString(),
            ["Operator__Azure__DefaultSubscriptionId"] = Subscription,
            ["Operator__Azure__Credential"] = "StaticToken",
            ["Operator__Azure__StaticToken"] = "sandbox",
            ["Operator__Azure__TrustedCaCertificatePaths__0"] = arm.CaCertificatePath,
            ["Operator__Azure__DefaultPollInterval"] = "00:00:01",
            ["Operator__Registry__ResyncInterval"] = ResyncInterval.ToString(),
        });
        try
        {
            await cluster.Api.CreateAsync(RegistryResources.Registries, Namespace, sample, Ct);

            await Eventually.TrueAsync(
                async () => await ReadAsync(cluster, sample) is { } r && Conditions.IsTrue(r.Status.Conditions, ConditionTypes.Ready),
                timeoutSeconds: 60);
            var registry = (await ReadAsync(cluster, sample))!;
            Assert.Equal($"{azureName}.azurecr.io", registry.Status.LoginServer);
            Assert.Equal("/" + registryPath, registry.Status.ResourceId, ignoreCase: true);
            Assert.Equal(registry.Metadata.Generation, registry.Status.ObservedGeneration);
            Assert.Null(registry.Status.Operation);
            Assert.Equal(1, Count(arm, "PUT", registryUrl));
            Assert.True(Count(arm, "GET", "/operationStatuses/") > 0, "the create was not polled through its Azure-AsyncOperation");
            var created = JsonNode.Parse(await armHttp.GetStringAsync($"{registryPath}?api-version=2025-11-01", Ct))!;
            Assert.Equal("Premium", (string?)created["sku"]?["name"]);
            Assert.Equal("Enabled", (string?)created["properties"]?["zoneRedundancy"]);
            var readyAfter = stopwatch.Elapsed;

            // The sample has a pull secret: the pull-secret controller starts once the registry is Ready and must have
            // written its condition before the quiet period begins.
            await Eventually.TrueAsync(async () => Conditions.Find((await ReadAsync(cluster, sample))?.Status.Conditions, "PullSecretsReady") is not null, timeoutSeconds: 30);

            // The pass that made it Ready may still be flushing its Events; one resync later everything has landed.
            // From there, each resync reads the registry from Azure and must write nothing anywhere.
            var reads = Count(arm, "GET", registryUrl);
            await Eventually.TrueAsync(() => Count(arm, "GET", registryUrl) > reads, timeoutSeconds: 20);
            var armWrites = ArmWrites(arm);
            var kubeRevision = cluster.Server.ResourceVersion;
            var registryRevision = (await ReadAsync(cluster, sample))!.Metadata.ResourceVersion;
            reads = Count(arm, "GET", registryUrl);
            await Eventually.TrueAsync(() => Count(arm, "GET", registryUrl) >= reads + 3, timeoutSeconds: 30);

            Assert.Equal(armWrites, ArmWrites(arm));
            Assert.Equal(registryRevision, (await ReadAsync(cluster, sample))!.Metadata.ResourceVersion);
            Assert.Equal(kubeRevision, cluster.Server.ResourceVersion);

            await cluster.Api.DeleteAsync(RegistryResources.Registries, Namespace, sample.Metadata.Name, Ct);
            await Eventually.TrueAsync(async () => await ReadAsync(cluster, sample) is null, timeoutSeconds: 30);
            using var gone = await armHttp.GetAsync($"{registryPath}?api-version=2025-11-01", Ct);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal(1, Count(arm, "DELETE", registryUrl));

            TestContext.Current.TestOutputHelper?.WriteLine($"Ready after {readyAfter.TotalSeconds:F1} s; done after {stopwatch.Elapsed.TotalSeconds:F1} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // What the operator printed is the first thing anyone debugging this needs.
            throw new InvalidOperationException($"{ex.Message}\noperator output:\n{OperatorProcess.Snapshot(output)}", ex);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static Task<Registry?> ReadAsync(EmulatedCluster cluster, Registry sample) =>
        cluster.Api.GetAsync<Registry>(RegistryResources.Registries, Namespace, sample.Metadata.Name, Ct);

    private static int Count(ArmServer arm, string method, string pathContains) =>
        arm.RequestLog.Entries.Count(e => e.Method == method && e.Path.Contains(pathContains, StringComparison.OrdinalIgnoreCase));

    private static int ArmWrites(ArmServer arm) =>
        arm.RequestLog.Entries.Count(e => e.Method is "PUT" or "PATCH" or "POST" or "DELETE" && e.Path.Contains("/registries/", StringComparison.OrdinalIgnoreCase));

    private static async Task CreateResourceGroupAsync(HttpClient arm, string group, string location)
    {
        using var content = new StringContent(new JsonObject { ["location"] = location }.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await arm.PutAsync($"subscriptions/{Subscription}/resourceGroups/{group}?api-version=2021-04-01", content, Ct);
        Assert.True(response.IsSuccessStatusCode, $"resource group {group}: {(int)response.StatusCode}");
    }
}
