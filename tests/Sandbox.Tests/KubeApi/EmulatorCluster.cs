using AcrOperator.Sandbox.KubeApi;
using k8s;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>The emulator as a cluster under test, started once for the test assembly.</summary>
public sealed class EmulatorCluster : IClusterUnderTest, IAsyncLifetime
{
    private KubeApiServer? server;
    private string? directory;

    public Uri BaseAddress => Server.BaseAddress;

    public string KubeconfigPath { get; private set; } = string.Empty;

    private KubeApiServer Server => server ?? throw new InvalidOperationException("The emulator has not started.");

    public async ValueTask InitializeAsync()
    {
        server = await KubeApiServer.StartAsync(
            new KubeApiServerOptions { BookmarkInterval = TimeSpan.FromMilliseconds(500) },
            CancellationToken.None);
        directory = Directory.CreateTempSubdirectory("kube-api-tests-").FullName;
        KubeconfigPath = server.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        await Widgets.InstallAsync(this);
    }

    public IKubernetes CreateClient() => new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public bool TryExpireWatchHistory()
    {
        Server.CompactHistory();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }

        if (directory is not null)
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
