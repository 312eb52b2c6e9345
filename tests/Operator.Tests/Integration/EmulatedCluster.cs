using AcrOperator.Api.V1Alpha1;
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
    public Task InstallRegistryCrdAsync() => InstallCrdAsync(Registry.KubePluralName);

    /// <summary>Installs the CRDs of every kind the operator watches (its caches list them before it is ready), as checked in.</summary>
    public async Task InstallOperatorCrdsAsync()
    {
        foreach (var plural in new[] { Registry.KubePluralName, Replication.KubePluralName, Webhook.KubePluralName, BuildTask.KubePluralName })
        {
            await InstallCrdAsync(plural);
        }
    }

    /// <summary>Creates or replaces a Secret, as <c>kubectl apply</c> of its stringData would.</summary>
    public async Task ApplySecretAsync(string @namespace, string name, IReadOnlyDictionary<string, string> data)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
            Data = data.ToDictionary(d => d.Key, d => System.Text.Encoding.UTF8.GetBytes(d.Value), StringComparer.Ordinal),
        };
        var ct = TestContext.Current.CancellationToken;
        if (await Api.GetAsync<V1Secret>(ResourceType.Secrets, @namespace, name, ct) is null)
        {
            await Api.CreateAsync(ResourceType.Secrets, @namespace, secret, ct);
            return;
        }

        await Api.PatchAsync<V1Secret>(ResourceType.Secrets, @namespace, name, PatchType.Merge, KubernetesJson.Serialize(new { data = secret.Data }), ct);
    }

    private async Task InstallCrdAsync(string plural)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(RepoFiles.Read("config", "crd", "bases", $"acr.operator.dev_{plural}.yaml"));
        await Kubernetes.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Kubernetes.Dispose();
        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
