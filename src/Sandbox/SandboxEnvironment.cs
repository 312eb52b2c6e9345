using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Sandbox.KubeApi;
using AcrOperator.Sandbox.KubeApi.Http;

namespace AcrOperator.Sandbox;

/// <summary>
/// What the commands that run the operator against the emulators share (<c>sandbox</c> and <c>registry-bench</c>):
/// both emulators in-process, a kubeconfig under <c>.sandbox/</c>, the CRDs of the repository installed, resource
/// groups and the operator's namespace created, and the operator as its own process with the Azure settings as
/// environment variables. Disposing stops the operator, then both emulators.
/// </summary>
internal sealed class SandboxEnvironment : IAsyncDisposable
{
    /// <summary>The subscription the operator is given as its default and resource groups are created in.</summary>
    public const string Subscription = "00000000-0000-0000-0000-000000000001";

    /// <summary>Names the operator dll to run instead of the one built from the repository.</summary>
    public const string OperatorDllVariable = "ACR_SANDBOX_OPERATOR_DLL";

    private const string OperatorNamespace = "acr-operator-system";
    private const string TargetFramework = "net10.0";

    /// <summary>Files at the repository root that change the operator's build as much as its own sources do.</summary>
    private static readonly string[] SharedBuildFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json"];

    private StreamWriter? operatorLog;

    private SandboxEnvironment(string root, string directory, KubeApiServer kube, ArmServer arm, string kubeconfig)
    {
        Root = root;
        Directory = directory;
        Kube = kube;
        Arm = arm;
        Kubeconfig = kubeconfig;
        Api = new HttpClient { BaseAddress = kube.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Root { get; }

    /// <summary><c>&lt;root&gt;/.sandbox</c>: the kubeconfig and the operator's log.</summary>
    public string Directory { get; }

    public KubeApiServer Kube { get; }

    public ArmServer Arm { get; }

    public string Kubeconfig { get; }

    /// <summary>A client of the Kubernetes emulator's REST API.</summary>
    public HttpClient Api { get; }

    /// <summary>The operator process once <see cref="StartOperator"/> ran.</summary>
    public Process? Operator { get; private set; }

    /// <summary>The operator's health and metrics port once <see cref="StartOperator"/> ran.</summary>
    public int OperatorHttpPort { get; private set; }

    public string OperatorLogPath => Path.Combine(Directory, "operator.log");

    /// <summary>Starts both emulators and writes <c>.sandbox/kubeconfig</c>.</summary>
    public static async Task<SandboxEnvironment> StartAsync(string root, ArmServerOptions armOptions, CancellationToken ct)
    {
        var directory = Path.Combine(root, ".sandbox");
        System.IO.Directory.CreateDirectory(directory);
        var kube = await KubeApiServer.StartAsync(new KubeApiServerOptions(), ct);
        try
        {
            var arm = await ArmServer.StartAsync(armOptions, ct);
            return new SandboxEnvironment(root, directory, kube, arm, kube.WriteKubeconfig(Path.Combine(directory, "kubeconfig")));
        }
        catch
        {
            await kube.DisposeAsync();
            throw;
        }
    }

    public sealed record CrdKind(string Kind, string Group, string Version, string Plural)
    {
        /// <summary>The collection path of this kind in <paramref name="ns"/>, relative to the API root.</summary>
        public string CollectionPath(string ns) => $"apis/{Group}/{Version}/namespaces/{ns}/{Plural}";
    }

    public static void Say(string line)
    {
        Console.Out.WriteLine(line);
        Console.Out.Flush();
    }

    /// <summary>Creates every CRD of <c>config/crd/bases</c> through the emulator's REST API and waits until each is Established.</summary>
    public async Task<Dictionary<string, CrdKind>> InstallCrdsAsync(CancellationToken ct)
    {
        var kinds = new Dictionary<string, CrdKind>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var file in System.IO.Directory.GetFiles(Path.Combine(Root, "config", "crd", "bases"), "*.yaml").Order(StringComparer.Ordinal))
        {
            var crd = (JsonObject)RequestBody.ParseYamlOrJson(await File.ReadAllBytesAsync(file, ct))!;
            await SendAsync(Api, HttpMethod.Post, "apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd, ct);
            var spec = crd["spec"]!;
            var versions = spec["versions"]!.AsArray();
            var version = versions.FirstOrDefault(v => (bool?)v!["storage"] == true) ?? versions[0]!;
            var kind = (string)spec["names"]!["kind"]!;
            kinds[kind] = new CrdKind(kind, (string)spec["group"]!, (string)version!["name"]!, (string)spec["names"]!["plural"]!);
            names.Add((string)crd["metadata"]!["name"]!);
        }

        var deadline = Stopwatch.StartNew();
        foreach (var name in names)
        {
            while (true)
            {
                var crd = JsonNode.Parse(await Api.GetStringAsync($"apis/apiextensions.k8s.io/v1/customresourcedefinitions/{name}", ct))!;
                if (crd["status"]?["conditions"] is JsonArray conditions
                    && conditions.Any(c => (string?)c!["type"] == "Established" && (string?)c["status"] == "True"))
                {
                    break;
                }

                if (deadline.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException($"CRD {name} is not Established after 30 s");
                }

                await Task.Delay(100, ct);
            }
        }

        return kinds;
    }

    /// <summary>Creates a resource group in <see cref="Subscription"/> directly in the ARM emulator.</summary>
    public async Task CreateResourceGroupAsync(string name, string location, CancellationToken ct)
    {
        using var armHttp = Arm.CreateHttpClient();
        await SendAsync(armHttp, HttpMethod.Put, $"subscriptions/{Subscription}/resourceGroups/{name}?api-version=2021-04-01",
            new JsonObject { ["location"] = location }, ct);
    }

    /// <summary>Creates the namespace the operator runs in (its Lease and Events go there).</summary>
    public Task CreateOperatorNamespaceAsync(CancellationToken ct) =>
        SendAsync(Api, HttpMethod.Post, "api/v1/namespaces",
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = OperatorNamespace } }, ct);

    /// <summary>Sends <paramref name="body"/> (as <paramref name="mediaType"/>, e.g. a merge patch's) and throws on a non-success answer.</summary>
    public static async Task SendAsync(HttpClient client, HttpMethod method, string path, JsonNode body, CancellationToken ct, string mediaType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, mediaType),
        };
        using var response = await client.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>
    /// The operator's <c>acr-operator.dll</c>. <c>ACR_SANDBOX_OPERATOR_DLL</c> names it explicitly; otherwise it is
    /// <c>src/Operator/bin/&lt;configuration&gt;/net10.0/acr-operator.dll</c>, with the configuration the sandbox itself
    /// was built in (so <c>dotnet test -c Release</c> and <c>dotnet run</c> each use their own). That file is built
    /// with <c>dotnet build src/Operator</c> first when it is missing or older than any source of the operator, so
    /// <c>dotnet run --project src/Sandbox</c> never runs a stale operator, and a fresh build costs no build at all.
    /// </summary>
    public async Task<string?> LocateOperatorAsync(CancellationToken ct)
    {
        if (Environment.GetEnvironmentVariable(OperatorDllVariable) is { Length: > 0 } explicitPath)
        {
            if (File.Exists(explicitPath))
            {
                return Path.GetFullPath(explicitPath);
            }

            await Console.Error.WriteLineAsync($"sandbox: {OperatorDllVariable}={explicitPath} does not exist");
            return null;
        }

        var configuration = BuildConfiguration;
        var project = Path.Combine(Root, "src", "Operator");
        var dll = Path.Combine(project, "bin", configuration, TargetFramework, "acr-operator.dll");
        var stale = !File.Exists(dll) || NewestSource(Root, project) > File.GetLastWriteTimeUtc(dll);
        if (!stale)
        {
            return dll;
        }

        Say($"building the operator: dotnet build src/Operator -c {configuration} ({(File.Exists(dll) ? "sources changed since " + dll : dll + " is missing")})");
        var build = new ProcessStartInfo(DotnetHost()) { WorkingDirectory = Root };
        foreach (var argument in new[] { "build", Path.Combine(project, "Operator.csproj"), "-c", configuration, "--nologo", "-v", "q" })
        {
            build.ArgumentList.Add(argument);
        }

        using var process = Process.Start(build)!;
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0 || !File.Exists(dll))
        {
            await Console.Error.WriteLineAsync($"sandbox: building the operator failed (exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)})");
            return null;
        }

        return dll;
    }

    /// <summary>The configuration this program was built in (Debug or Release).</summary>
    public static string BuildConfiguration =>
        typeof(SandboxEnvironment).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } c ? c : "Debug";

    /// <summary>
    /// Starts the operator from <paramref name="dll"/> pointed at both emulators, its output appended to
    /// <see cref="OperatorLogPath"/>; <paramref name="settings"/> are further environment variables (configuration
    /// keys such as <c>Operator__LeaderElect</c>), which override the sandbox's own.
    /// </summary>
    public Process StartOperator(string dll, IReadOnlyDictionary<string, string>? settings = null)
    {
        if (Operator is not null)
        {
            throw new InvalidOperationException("the operator is already started");
        }

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Its appsettings.json is read from the content root, the working directory.
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        start.Environment["KUBECONFIG"] = Kubeconfig;
        OperatorHttpPort = FreePort();
        start.Environment["Operator__HttpPort"] = OperatorHttpPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Operator__Azure__ResourceManagerEndpoint"] = Arm.BaseAddress.ToString();
        start.Environment["Operator__Azure__DefaultSubscriptionId"] = Subscription;
        start.Environment["Operator__Azure__Credential"] = "StaticToken";
        start.Environment["Operator__Azure__StaticToken"] = "sandbox";
        start.Environment["Operator__Azure__TrustedCaCertificatePaths__0"] = Arm.CaCertificatePath;
        // Credentials Secrets (credentialsRef) sign in at the emulator's Entra ID, which has no instance metadata to discover.
        start.Environment["Operator__Azure__AuthorityHost"] = Arm.AuthorityHost.ToString();
        start.Environment["Operator__Azure__DisableInstanceDiscovery"] = "true";
        // The operator's own poll schedule applies (first poll after 5 s): the emulator's operations take seconds, and
        // registry-bench measures the ARM calls of the shipped settings, not of a sandbox-only pace.

        // <loginServer> does not resolve here: the emulator serves each registry's data plane under its own address.
        start.Environment["Operator__Azure__DataPlaneEndpointTemplate"] = Arm.BaseAddress + "_dataplane/{loginServer}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var log = operatorLog = new StreamWriter(OperatorLogPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Operator = process;
        return process;

        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    /// <summary>Waits until the operator answers 200 on <c>/readyz</c>; false when it exits or <paramref name="timeout"/> passes first.</summary>
    public async Task<bool> WaitForOperatorReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (Operator is { HasExited: false } && clock.Elapsed < timeout)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{OperatorHttpPort.ToString(CultureInfo.InvariantCulture)}/readyz"), ct);
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Too slow to answer yet.
            }

            await Task.Delay(200, ct);
        }

        return false;
    }

    /// <summary>The directory holding Operator.sln, found upwards from the working directory, then from the program.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Operator.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (Operator is not null)
        {
            await StopOperatorAsync(Operator);
            Operator.Dispose();
        }

        if (operatorLog is not null)
        {
            await operatorLog.DisposeAsync();
        }

        Api.Dispose();
        await Arm.DisposeAsync();
        await Kube.DisposeAsync();
    }

    private static DateTime NewestSource(string root, string project)
    {
        var sources = System.IO.Directory.EnumerateFiles(project, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Concat(SharedBuildFiles.Select(f => Path.Combine(root, f)).Where(File.Exists));
        return sources.Select(File.GetLastWriteTimeUtc).DefaultIfEmpty(DateTime.MinValue).Max();
    }

    /// <summary>The <c>dotnet</c> host: this process's own when it runs under it, else the SDK's, else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? self
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>SIGTERM, up to 10 s for a graceful shutdown, then kill.</summary>
    private static async Task StopOperatorAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        try
        {
            if (!OperatingSystem.IsWindows())
            {
                using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // Not stopped in time (or no kill command): stop it hard.
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
