using k8s;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>kubectl's typed create commands, which send protobuf bodies and accept protobuf answers.</summary>
public sealed class KubectlTypedCreateTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_namespace()
    {
        using var client = cluster.CreateClient();
        using var kubectl = new Kubectl(cluster);
        var name = "team-" + Guid.NewGuid().ToString("N")[..8];
        var (exit, output, error) = await kubectl.RunAsync("create", "namespace", name);
        Assert.True(exit == 0, error);
        Assert.Equal($"namespace/{name} created", output.Trim());
        var ns = await client.CoreV1.ReadNamespaceAsync(name, cancellationToken: Ct);
        Assert.Equal("Active", ns.Status.Phase);
        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
    }

    [Fact]
    public async Task Create_secret_generic_from_literals_shows_the_server_defaulted_type()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl-pb");
        using var kubectl = new Kubectl(cluster);
        var (exit, output, error) = await kubectl.RunAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=user=admin", "--from-literal=password=s3cr3t", "-o", "yaml");
        Assert.True(exit == 0, error);
        Assert.Contains("type: Opaque", output, StringComparison.Ordinal);
        Assert.Contains("password: czNjcjN0", output, StringComparison.Ordinal);
        var secret = await client.CoreV1.ReadNamespacedSecretAsync("creds", ns, cancellationToken: Ct);
        Assert.Equal("admin", System.Text.Encoding.UTF8.GetString(secret.Data["user"]));
    }

    [Fact]
    public async Task Create_configmap_from_literals()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl-pb");
        using var kubectl = new Kubectl(cluster);
        var (exit, output, error) = await kubectl.RunAsync("create", "configmap", "settings", "-n", ns, "--from-literal=mode=fast", "--from-literal=level=3");
        Assert.True(exit == 0, error);
        Assert.Equal("configmap/settings created", output.Trim());
        var cm = await client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns, cancellationToken: Ct);
        Assert.Equal("fast", cm.Data["mode"]);
        Assert.Equal("3", cm.Data["level"]);

        (exit, _, error) = await kubectl.RunAsync("create", "configmap", "settings", "-n", ns, "--from-literal=mode=slow");
        Assert.NotEqual(0, exit);
        Assert.Contains("error: failed to create configmap: configmaps \"settings\" already exists", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_serviceaccount()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl-pb");
        using var kubectl = new Kubectl(cluster);
        var (exit, output, error) = await kubectl.RunAsync("create", "serviceaccount", "builder", "-n", ns);
        Assert.True(exit == 0, error);
        Assert.Equal("serviceaccount/builder created", output.Trim());
        Assert.Equal("builder", (await client.CoreV1.ReadNamespacedServiceAccountAsync("builder", ns, cancellationToken: Ct)).Metadata.Name);
    }
}
