using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.Status;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Tests.TestSupport;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// Issue 5's end-to-end set-up: the Kubernetes emulator with the operator's CRDs, the ARM emulator answering
/// registry, replication and webhook writes with Azure-AsyncOperation as ACR does, and the operator as its own process configured only
/// through its settings, all on real time. The operator can be killed and started again over the same emulators.
/// </summary>
public sealed class OperatorOnEmulators : IAsyncDisposable
{
    public const string Subscription = "00000000-0000-0000-0000-000000000000";
    public const string OtherSubscription = "11111111-1111-1111-1111-111111111111";
    public const string Namespace = "default";
    public const string RegistryType = "Microsoft.ContainerRegistry/registries";
    private const string ArmApiVersion = "2025-11-01";

    private readonly List<(int Number, StringBuilder Output)> _outputs = [];
    private readonly TimeSpan _resyncInterval;
    private Process? _process;

    private OperatorOnEmulators(EmulatedCluster cluster, ArmServer arm, TimeSpan resyncInterval)
    {
        Cluster = cluster;
        Arm = arm;
        ArmHttp = arm.CreateHttpClient();
        _resyncInterval = resyncInterval;
    }

    public EmulatedCluster Cluster { get; }

    public ArmServer Arm { get; }

    /// <summary>A client of the ARM emulator for changes "made in Azure" behind the operator's back.</summary>
    public HttpClient ArmHttp { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Starts both emulators and one operator process. <paramref name="resyncInterval"/> paces the operator's re-reads
    /// of converged registries; <paramref name="operationDuration"/> is how long each Azure write stays in progress.
    /// </summary>
    public static async Task<OperatorOnEmulators> StartAsync(TimeSpan resyncInterval, TimeSpan operationDuration)
    {
        var cluster = await EmulatedCluster.StartAsync();
        var arm = await ArmServer.StartAsync(new ArmServerOptions { OperationDuration = operationDuration, RetryAfterSeconds = 1 }, Ct);
        // Creates, updates and deletes answer 201/202 with Azure-AsyncOperation, as ACR does, so the operator has to
        // park each operation in status.operation and poll it instead of getting the final state at once.
        arm.Completion.Set(RegistryType, ArmCompletionStyle.AzureAsyncOperation);
        arm.Completion.Set(RegistryType + "/replications", ArmCompletionStyle.AzureAsyncOperation);
        arm.Completion.Set(RegistryType + "/webhooks", ArmCompletionStyle.AzureAsyncOperation);
        var environment = new OperatorOnEmulators(cluster, arm, resyncInterval);
        await cluster.InstallOperatorCrdsAsync();
        await cluster.Kubernetes.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "acr-operator-system" } }, cancellationToken: Ct);
        environment.StartOperator();
        return environment;
    }

    /// <summary>A registry of the default subscription with only the required fields and a SKU; its Azure name is its name without dashes.</summary>
    public static Registry NewRegistry(string name, string resourceGroup, DeletionPolicy deletionPolicy = DeletionPolicy.Delete) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
        Spec = new RegistrySpec { ResourceGroup = resourceGroup, Location = "westeurope", Sku = RegistrySku.Basic, DeletionPolicy = deletionPolicy },
    };

    /// <summary>A Registry as <see cref="NewRegistry"/> makes it, in a resource group of its own (<c>rg-name</c>) created in ARM.</summary>
    public async Task<Registry> NewRegistryInOwnGroupAsync(string name, DeletionPolicy deletionPolicy = DeletionPolicy.Delete)
    {
        var registry = NewRegistry(name, "rg-" + name, deletionPolicy);
        await CreateResourceGroupAsync(registry.Spec.ResourceGroup);
        return registry;
    }

    /// <summary>The registry's ARM path (no leading slash), in the operator's default subscription unless told otherwise.</summary>
    public static string ArmPath(Registry registry, string subscription = Subscription) =>
        $"subscriptions/{subscription}/resourceGroups/{registry.Spec.ResourceGroup}/providers/{RegistryType}/{RegistrySpecMapper.AzureName(registry)}";

    public static bool IsReady(Registry? registry) => registry is not null && Conditions.IsTrue(registry.Status.Conditions, ConditionTypes.Ready);

    /// <summary>Ready for the spec as it is now: the status speaks of the current generation.</summary>
    public static bool IsReadyAtCurrentGeneration(Registry? registry) =>
        IsReady(registry)
        && registry!.Status.ObservedGeneration == registry.Metadata.Generation
        && Conditions.Find(registry.Status.Conditions, ConditionTypes.Ready)!.ObservedGeneration == registry.Metadata.Generation;

    /// <summary>Starts a new operator process (after <see cref="KillOperator"/>, as a restarted pod would be).</summary>
    public void StartOperator()
    {
        Assert.True(_process is null or { HasExited: true }, "an operator process is still running");
        _process?.Dispose();
        var settings = EmulatorOperatorSettings.For(Arm, Subscription);
        settings["Operator__Registry__ResyncInterval"] = _resyncInterval.ToString();
        settings["Operator__Replication__ResyncInterval"] = _resyncInterval.ToString();
        settings["Operator__Webhook__ResyncInterval"] = _resyncInterval.ToString();
        settings["Operator__BuildTask__ResyncInterval"] = _resyncInterval.ToString();
        _process = OperatorProcess.Start(Cluster.KubeconfigPath, OperatorProcess.FreePort(), out var output, settings);
        _outputs.Add((_outputs.Count + 1, output));
    }

    /// <summary>SIGKILL: no shutdown, no last status write, exactly what a node failure or OOM kill does.</summary>
    public void KillOperator()
    {
        Assert.NotNull(_process);
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>What every operator process printed so far, in order.</summary>
    public string Output => string.Concat(_outputs.Select(o => $"--- operator process {o.Number} ---\n{OperatorProcess.Snapshot(o.Output)}"));

    /// <summary>
    /// Runs a test body; when it fails, the failure carries what the operator printed and what ARM was asked while it
    /// ran (the first things anyone debugging it needs), not the whole history of a process shared with other tests.
    /// </summary>
    public async Task ExplainFailuresAsync(Func<Task> scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var output = Output.Length;
        var requests = Arm.RequestLog.Mark();
        try
        {
            await scenario();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var printed = Output;
            throw new InvalidOperationException(
                $"{ex.Message}\nARM requests meanwhile:\n{Arm.RequestLog.Since(requests).Describe()}\noperator output:\n{printed[Math.Min(output, printed.Length)..]}",
                ex);
        }
    }

    public Task<Registry> ApplyAsync(Registry registry) => Cluster.Api.CreateAsync(RegistryResources.Registries, Namespace, registry, Ct);

    public Task<Registry?> ReadAsync(string name) => Cluster.Api.GetAsync<Registry>(RegistryResources.Registries, Namespace, name, Ct);

    public Task<Registry> PatchAsync(string name, string mergePatch) =>
        Cluster.Api.PatchAsync<Registry>(RegistryResources.Registries, Namespace, name, PatchType.Merge, mergePatch, Ct);

    public Task<bool> DeleteAsync(string name) => Cluster.Api.DeleteAsync(RegistryResources.Registries, Namespace, name, Ct);

    /// <summary>Creates a resource of any of the operator's kinds in <see cref="Namespace"/>.</summary>
    public Task<T> ApplyAsync<T>(ResourceType type, T resource)
        where T : class => Cluster.Api.CreateAsync(type, Namespace, resource, Ct);

    public Task<T?> ReadAsync<T>(ResourceType type, string name)
        where T : class => Cluster.Api.GetAsync<T>(type, Namespace, name, Ct);

    public Task<T> PatchAsync<T>(ResourceType type, string name, string mergePatch)
        where T : class => Cluster.Api.PatchAsync<T>(type, Namespace, name, PatchType.Merge, mergePatch, Ct);

    public Task<bool> DeleteAsync(ResourceType type, string name) => Cluster.Api.DeleteAsync(type, Namespace, name, Ct);

    /// <summary>Waits until the resource satisfies <paramref name="condition"/>; on timeout the failure shows its last status.</summary>
    public async Task<T> WaitForAsync<T>(ResourceType type, string name, Func<T?, bool> condition, int timeoutSeconds = 60)
        where T : class
    {
        T? last = null;
        await Eventually.TrueAsync(
            async () => condition(last = await ReadAsync<T>(type, name)),
            timeoutSeconds,
            () => last is null ? "no such resource" : JsonNode.Parse(KubernetesJson.Serialize(last))?["status"]?.ToJsonString() ?? "no status");
        return last!;
    }

    /// <summary>Applies the Registry and waits until it is Ready for its spec.</summary>
    public async Task<Registry> ApplyAndWaitReadyAsync(Registry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        await ApplyAsync(registry);
        return await WaitForAsync(registry.Metadata.Name, IsReadyAtCurrentGeneration);
    }

    /// <summary>Waits until the Registry satisfies <paramref name="condition"/>; on timeout the failure shows its last status.</summary>
    public async Task<Registry> WaitForAsync(string name, Func<Registry?, bool> condition, int timeoutSeconds = 60)
    {
        Registry? last = null;
        await Eventually.TrueAsync(
            async () => condition(last = await ReadAsync(name)),
            timeoutSeconds,
            () => Describe(last));
        return last!;
    }

    /// <summary>
    /// Waits until the registry has been read <paramref name="count"/> times since <paramref name="mark"/> (each resync
    /// is one read). Only the operator's reads count while the test itself sends no GET for the registry meanwhile.
    /// </summary>
    public Task WaitForReadsAsync(string registryPath, int mark, int count, int timeoutSeconds = 30) =>
        Eventually.TrueAsync(() => Arm.RequestLog.Since(mark).For(registryPath).Count("GET") >= count, timeoutSeconds);

    /// <summary>A resource group created directly in the ARM emulator, as a user would with <c>az group create</c>.</summary>
    public async Task CreateResourceGroupAsync(string group, string subscription = Subscription)
    {
        using var response = await SendArmAsync(HttpMethod.Put, $"subscriptions/{subscription}/resourceGroups/{group}?api-version=2021-04-01", new JsonObject { ["location"] = "westeurope" });
        Assert.True(response.IsSuccessStatusCode, $"resource group {group}: {(int)response.StatusCode}");
    }

    /// <summary>A request to a registry's ARM path (the api-version is added) behind the operator's back; the caller checks the answer.</summary>
    public Task<HttpResponseMessage> SendToRegistryAsync(HttpMethod method, string registryPath, JsonObject? body) =>
        SendArmAsync(method, $"{registryPath}?api-version={ArmApiVersion}", body);

    /// <summary>A Basic registry created directly in ARM, as with <c>az acr create</c>, once its creation has finished.</summary>
    public async Task CreateInArmAsync(string registryPath)
    {
        using (var created = await SendToRegistryAsync(HttpMethod.Put, registryPath, new JsonObject { ["location"] = "westeurope", ["sku"] = new JsonObject { ["name"] = "Basic" } }))
        {
            Assert.True(created.IsSuccessStatusCode, $"PUT {registryPath}: {(int)created.StatusCode}");
        }

        await WaitForArmAsync(registryPath);
    }

    /// <summary>The registry as ARM has it now; null when it does not exist.</summary>
    public async Task<JsonNode?> ReadArmAsync(string registryPath)
    {
        using var response = await SendToRegistryAsync(HttpMethod.Get, registryPath, null);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        Assert.True(response.IsSuccessStatusCode, $"GET {registryPath}: {(int)response.StatusCode}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>Waits until ARM has finished the registry's latest operation (provisioningState Succeeded) and returns it.</summary>
    public async Task<JsonNode> WaitForArmAsync(string registryPath, Func<JsonNode, bool>? condition = null, int timeoutSeconds = 30)
    {
        JsonNode? last = null;
        await Eventually.TrueAsync(
            async () => (last = await ReadArmAsync(registryPath)) is { } r
                && (string?)r["properties"]?["provisioningState"] == "Succeeded"
                && (condition?.Invoke(r) ?? true),
            timeoutSeconds,
            () => last?.ToJsonString() ?? "not found");
        return last!;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        ArmHttp.Dispose();
        await Arm.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>The Registry's status in one line, for failure messages.</summary>
    public static string Describe(Registry? registry) => registry is null
        ? "no such Registry"
        : $"generation {registry.Metadata.Generation}, observedGeneration {registry.Status.ObservedGeneration}, operation {registry.Status.Operation?.Kind.ToString() ?? "none"}; "
            + string.Join("; ", registry.Status.Conditions.Select(c => $"{c.Type}={c.Status} ({c.Reason}, gen {c.ObservedGeneration}): {c.Message}"));

    private async Task<HttpResponseMessage> SendArmAsync(HttpMethod method, string pathAndQuery, JsonObject? body)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await ArmHttp.SendAsync(request, Ct);
    }
}
