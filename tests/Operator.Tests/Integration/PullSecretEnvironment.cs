using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers;
using AcrOperator.Controllers.PullSecrets;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.Status;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Tests.TestSupport;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// Both emulators and the operator as its own process, shared by the pull-secret tests of a class (each test uses its own
/// Registries and namespaces). Settings are short so rotations, rechecks and renewals happen within a test.
/// </summary>
public sealed class PullSecretEnvironment : IAsyncLifetime
{
    public const string Subscription = "00000000-0000-0000-0000-000000000000";
    public const string ResourceGroup = "rg-pull";
    public const string Location = "westeurope";
    public const string OperatorNamespace = "acr-operator-system";

    /// <summary>Lifetime of the emulator's ACR refresh tokens: short, so an EntraToken credential is renewed within a test.</summary>
    public static readonly TimeSpan RefreshTokenLifetime = TimeSpan.FromSeconds(20);

    private Process? _operator;
    private StringBuilder _output = new();

    public EmulatedCluster Cluster { get; private set; } = null!;

    public ArmServer Arm { get; private set; } = null!;

    public Process Operator => _operator ?? throw new InvalidOperationException("the operator is not running");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Cluster = await EmulatedCluster.StartAsync();
        Arm = await ArmServer.StartAsync(new ArmServerOptions { RefreshTokenLifetime = RefreshTokenLifetime }, Ct);
        await Cluster.InstallOperatorCrdsAsync();
        await CreateNamespaceAsync(OperatorNamespace);
        using var arm = Arm.CreateHttpClient();
        using var group = new StringContent(new JsonObject { ["location"] = Location }.ToJsonString(), Encoding.UTF8, "application/json");
        using var created = await arm.PutAsync($"subscriptions/{Subscription}/resourceGroups/{ResourceGroup}?api-version=2021-04-01", group, Ct);
        Assert.True(created.IsSuccessStatusCode, $"resource group: {(int)created.StatusCode}");
        StartOperator();
    }

    public async ValueTask DisposeAsync()
    {
        StopOperator();
        await Arm.DisposeAsync();
        await Cluster.DisposeAsync();
    }

    /// <summary>Starts the operator process (again, after <see cref="StopOperator"/>), with <paramref name="settings"/> added.</summary>
    public void StartOperator(IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = EmulatorOperatorSettings.For(Arm, Subscription);
        environment["Operator__PullSecrets__ResyncInterval"] = "00:00:03";
        environment["Operator__PullSecrets__StatusWriteInterval"] = "00:00:00.500";
        environment["Operator__Controllers__BackoffMax"] = "00:00:05";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        _operator = OperatorProcess.Start(Cluster.KubeconfigPath, OperatorProcess.FreePort(), out _output, environment);
    }

    /// <summary>Kills the operator at once, as a crash or an evicted pod would end it.</summary>
    public void StopOperator()
    {
        if (_operator is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        _operator?.Dispose();
        _operator = null;
    }

    /// <summary>Runs a test body, adding what the operator printed to any failure.</summary>
    public async Task RunAsync(Func<Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            await body();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var output = OperatorProcess.Snapshot(_output);
            throw new InvalidOperationException($"{ex.Message}\noperator output (last 30000 chars):\n{output[Math.Max(0, output.Length - 30000)..]}", ex);
        }
    }

    public Task<V1Namespace> CreateNamespaceAsync(string name, IDictionary<string, string>? labels = null) =>
        Cluster.Kubernetes.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels } }, cancellationToken: Ct);

    public Task LabelNamespaceAsync(string name, string key, string? value) =>
        Cluster.Api.PatchAsync<V1Namespace>(ResourceType.Namespaces, null, name, PatchType.Merge, new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { [key] = value } } }.ToJsonString(), Ct);

    public async Task<Registry> CreateRegistryAsync(string @namespace, string name, PullSecretSpec pullSecret, bool adminUserEnabled = false)
    {
        var registry = new Registry
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
            Spec = new RegistrySpec
            {
                AzureName = name.Replace("-", string.Empty, StringComparison.Ordinal) + "acr",
                ResourceGroup = ResourceGroup,
                Location = Location,
                Sku = RegistrySku.Standard,
                AdminUserEnabled = adminUserEnabled,
                PullSecret = pullSecret,
            },
        };
        return await Cluster.Api.CreateAsync(RegistryResources.Registries, @namespace, registry, Ct);
    }

    public Task<Registry?> ReadRegistryAsync(string @namespace, string name) =>
        Cluster.Api.GetAsync<Registry>(RegistryResources.Registries, @namespace, name, Ct);

    public Task<Registry> PatchRegistryAsync(string @namespace, string name, JsonObject patch) =>
        Cluster.Api.PatchAsync<Registry>(RegistryResources.Registries, @namespace, name, PatchType.Merge, patch.ToJsonString(), Ct);

    /// <summary>Waits for the Registry's <see cref="PullSecretConditions.PullSecretsReady"/> condition to have this status (and reason, when given).</summary>
    public async Task<Registry> WaitForConditionAsync(string @namespace, string name, string status, string? reason = null, int timeoutSeconds = 30)
    {
        Registry? registry = null;
        await Eventually.TrueAsync(
            async () =>
            {
                registry = await ReadRegistryAsync(@namespace, name);
                var condition = Conditions.Find(registry?.Status.Conditions, PullSecretConditions.PullSecretsReady);
                return condition?.Status == status && (reason is null || condition.Reason == reason);
            },
            timeoutSeconds);
        return registry!;
    }

    public Task<V1Secret?> ReadSecretAsync(string @namespace, string name) =>
        Cluster.Api.GetAsync<V1Secret>(ResourceType.Secrets, @namespace, name, Ct);

    public Task<V1ServiceAccount?> ReadServiceAccountAsync(string @namespace, string name) =>
        Cluster.Api.GetAsync<V1ServiceAccount>(ResourceType.ServiceAccounts, @namespace, name, Ct);

    /// <summary>The Registry's pull Secrets anywhere, by the operator's labels.</summary>
    public async Task<IReadOnlyList<V1Secret>> ManagedSecretsAsync(Registry registry)
    {
        var list = await Cluster.Api.ListAsync<V1Secret>(
            ResourceType.Secrets,
            null,
            new ListOptions($"{LabelNames.RegistryUid}={registry.Metadata.Uid},{LabelNames.Role}={LabelNames.RolePullSecret}"),
            Ct);
        return list.Items;
    }

    /// <summary>The username and password a pull Secret gives for the login server.</summary>
    public static (string Username, string Password) CredentialsIn(V1Secret secret, string loginServer)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Assert.Equal(PullSecretResources.DockerConfigType, secret.Type);
        return DockerConfigJson.Read(secret.Data[PullSecretResources.DockerConfigKey], loginServer)
            ?? throw new InvalidOperationException($"Secret {secret.Metadata.NamespaceProperty}/{secret.Metadata.Name} has no entry for {loginServer}");
    }

    /// <summary>Whether the registry accepts the credentials in the Secret right now (the ARM emulator's data-plane check).</summary>
    public bool RegistryAccepts(V1Secret secret, string loginServer)
    {
        var (username, password) = CredentialsIn(secret, loginServer);
        return Arm.CheckCredentials(loginServer, username, password);
    }

    /// <summary>ARM requests whose path contains <paramref name="pathContains"/>.</summary>
    public int ArmRequests(string method, string pathContains) =>
        Arm.RequestLog.Entries.Count(e => e.Method == method && e.Path.Contains(pathContains, StringComparison.OrdinalIgnoreCase));

    public static string RegistryPath(Registry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return $"subscriptions/{Subscription}/resourceGroups/{ResourceGroup}/providers/Microsoft.ContainerRegistry/registries/{registry.Spec.AzureName}";
    }
}
