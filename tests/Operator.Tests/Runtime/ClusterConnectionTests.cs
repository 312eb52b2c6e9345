using AcrOperator.Runtime.Kube;
using k8s;

namespace AcrOperator.Tests.Runtime;

/// <summary>The operator reads kubeconfig files itself (not through KubernetesYaml); it must come to the same configuration.</summary>
public sealed class ClusterConnectionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("acr-operator-kubeconfig-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_kubeconfig_reads_as_KubernetesClient_reads_it()
    {
        var path = Write("""
            apiVersion: v1
            kind: Config
            current-context: dev
            preferences: {}
            clusters:
            - name: dev-cluster
              cluster:
                server: https://127.0.0.1:6443
                insecure-skip-tls-verify: true
            - name: other-cluster
              cluster:
                server: http://10.0.0.1:8080
            contexts:
            - name: dev
              context:
                cluster: dev-cluster
                user: dev-user
                namespace: team-a
            - name: other
              context:
                cluster: other-cluster
                user: other-user
            users:
            - name: dev-user
              user:
                token: secret-token
            - name: other-user
              user:
                username: admin
                password: pw
            """);

        foreach (var context in new string?[] { null, "other" })
        {
            var ours = ClusterConnection.LoadConfiguration(path, context);
            var theirs = KubernetesClientConfiguration.BuildConfigFromConfigFile(path, context);
            Assert.Equal(theirs.Host, ours.Host);
            Assert.Equal(theirs.CurrentContext, ours.CurrentContext);
            Assert.Equal(theirs.Namespace, ours.Namespace);
            Assert.Equal(theirs.SkipTlsVerify, ours.SkipTlsVerify);
            Assert.Equal(theirs.AccessToken, ours.AccessToken);
            Assert.Equal(theirs.Username, ours.Username);
            Assert.Equal(theirs.Password, ours.Password);
        }
    }

    [Fact]
    public void Relative_file_paths_are_taken_from_the_kubeconfig_directory()
    {
        var path = Write("""
            current-context: c
            clusters:
            - name: k
              cluster:
                server: https://127.0.0.1:6443
                insecure-skip-tls-verify: true
            contexts:
            - name: c
              context: { cluster: k, user: u }
            users:
            - name: u
              user:
                client-certificate: certs/client.crt
                client-key: certs/client.key
            """);

        var configuration = ClusterConnection.LoadConfiguration(path, context: null);

        Assert.Equal(Path.Combine(_directory, "certs", "client.crt"), configuration.ClientCertificateFilePath);
        Assert.Equal(Path.Combine(_directory, "certs", "client.key"), configuration.ClientKeyFilePath);
    }

    [Fact]
    public void A_kubeconfig_that_is_not_YAML_fails_in_one_line()
    {
        var path = Write("clusters: [unclosed");

        var e = Assert.Throws<ClusterUnavailableException>(() => ClusterConnection.LoadConfiguration(path, context: null));

        Assert.StartsWith($"kubeconfig {path} is not usable: ", e.Message, StringComparison.Ordinal);
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, yaml);
        return path;
    }
}
