using k8s;
using k8s.Models;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>The real kubectl's everyday commands against the cluster.</summary>
public sealed class KubectlTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_namespaces_by_name()
    {
        using var kubectl = new Kubectl(cluster);
        var (exit, output, error) = await kubectl.RunAsync("get", "ns", "-o", "name");
        Assert.True(exit == 0, error);
        Assert.Contains("namespace/default", output, StringComparison.Ordinal);
        Assert.Contains("namespace/kube-system", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_namespaces_as_a_table()
    {
        using var kubectl = new Kubectl(cluster);
        var (exit, output, error) = await kubectl.RunAsync("get", "ns");
        Assert.True(exit == 0, error);
        Assert.Contains("default", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_then_get_as_yaml()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl");
        using var kubectl = new Kubectl(cluster);
        var file = kubectl.WriteFile($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: made\n  namespace: {ns}\ndata:\n  key: value\n");
        var (exit, output, error) = await kubectl.RunAsync("create", "--validate=false", "-f", file);
        Assert.True(exit == 0, error);
        Assert.Contains("configmap/made created", output, StringComparison.Ordinal);

        (exit, output, error) = await kubectl.RunAsync("get", "configmap", "made", "-n", ns, "-o", "yaml");
        Assert.True(exit == 0, error);
        Assert.Contains("name: made", output, StringComparison.Ordinal);
        Assert.Contains("key: value", output, StringComparison.Ordinal);

        (exit, _, error) = await kubectl.RunAsync("create", "--validate=false", "-f", file);
        Assert.NotEqual(0, exit);
        Assert.Contains("AlreadyExists", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_with_default_validation_uses_openapi()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl");
        using var kubectl = new Kubectl(cluster);
        var file = kubectl.WriteFile($"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: strict\n  namespace: {ns}\n");
        var (exit, _, error) = await kubectl.RunAsync("create", "-f", file);
        Assert.True(exit == 0, error);
    }

    [Fact]
    public async Task Label_annotate_and_merge_patch()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "p" } }, ns, cancellationToken: Ct);
        using var kubectl = new Kubectl(cluster);
        Assert.Equal(0, (await kubectl.RunAsync("label", "configmap", "p", "-n", ns, "tier=web")).Exit);
        Assert.Equal(0, (await kubectl.RunAsync("annotate", "configmap", "p", "-n", ns, "note=hi")).Exit);
        Assert.Equal(0, (await kubectl.RunAsync("patch", "configmap", "p", "-n", ns, "--type=merge", "-p", "{\"data\":{\"k\":\"v\"}}")).Exit);
        var cm = await client.CoreV1.ReadNamespacedConfigMapAsync("p", ns, cancellationToken: Ct);
        Assert.Equal("web", cm.Metadata.Labels["tier"]);
        Assert.Equal("hi", cm.Metadata.Annotations["note"]);
        Assert.Equal("v", cm.Data["k"]);
    }

    [Fact]
    public async Task Delete_waits_for_the_finalizer_to_be_removed()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl");
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "f", Finalizers = ["example.com/hold"] } }, ns, cancellationToken: Ct);
        using var kubectl = new Kubectl(cluster);
        using var delete = kubectl.Start("delete", "configmap", "f", "-n", ns);

        await Eventually.TrueAsync(async () => (await client.CoreV1.ReadNamespacedConfigMapAsync("f", ns, cancellationToken: Ct)).Metadata.DeletionTimestamp is not null, 15000);
        await Task.Delay(500, Ct);
        Assert.False(delete.HasExited);

        var cm = await client.CoreV1.ReadNamespacedConfigMapAsync("f", ns, cancellationToken: Ct);
        cm.Metadata.Finalizers = [];
        await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "f", ns, cancellationToken: Ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        await delete.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, delete.ExitCode);
        Assert.Contains("deleted", await delete.StandardOutput.ReadToEndAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_watch_sees_a_change()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl");
        var cm = await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w" } }, ns, cancellationToken: Ct);
        using var kubectl = new Kubectl(cluster);
        using var watch = kubectl.Start("get", "configmaps", "-n", ns, "-w", "-o", "custom-columns=NAME:.metadata.name,DATA:.data.k", "--no-headers");
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            var first = await watch.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.StartsWith("w", first, StringComparison.Ordinal);
            cm.Data = new Dictionary<string, string> { ["k"] = "changed" };
            await client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "w", ns, cancellationToken: Ct);
            var second = await watch.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.Contains("changed", second, StringComparison.Ordinal);
        }
        finally
        {
            watch.Kill();
        }
    }
}
