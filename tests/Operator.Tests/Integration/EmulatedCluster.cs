using AcrOperator.Runtime.Kube;
using AcrOperator.Sandbox.KubeApi;
using AcrOperator.Tests.Api;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Integration;

/// <summary>A fresh Kubernetes API emulator per test, with the operator's clients pointed at it over real HTTP.</summary>
public sealed class EmulatedCluster : IAsyncDisposable
{
    private readonly string _directory;

    private EmulatedCluster(KubeApiServer server, string directory)
    {
        Server = server;
        _directory = directory;
        KubeconfigPath = server.WriteKubeconfig(Path.Combine(directory, "kubeconfig"));
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath);
        Kubernetes = new Kubernetes(configuration);
        Api = ClusterConnection.CreateClient(configuration);
    }

    public KubeApiServer Server { get; }

    public string KubeconfigPath { get; }

    public Kubernetes Kubernetes { get; }

    public KubeApiClient Api { get; }

    public static async Task<EmulatedCluster> StartAsync(KubeApiServerOptions? options = null)
    {
        var directory = Directory.CreateTempSubdirectory("acr-operator-it-").FullName;
        var server = await KubeApiServer.StartAsync(options ?? new KubeApiServerOptions(), TestContext.Current.CancellationToken);
        return new EmulatedCluster(server, directory);
    }

    /// <summary>Installs the Registry CRD as checked in under <c>config/crd/bases</c>, so the emulator validates against the real schema.</summary>
    public async Task InstallRegistryCrdAsync()
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(RepoFiles.Read("config", "crd", "bases", "acr.operator.dev_registries.yaml"));
        await Kubernetes.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Kubernetes.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
