using k8s;
using k8s.Models;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>kubectl apply --server-side with field managers, and kubectl patch of every type on a built-in kind.</summary>
public sealed class KubectlApplyAndPatchTests(EmulatorCluster cluster)
{
    private readonly IClusterUnderTest cluster = cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Server_side_apply_creates_updates_reports_conflicts_and_forces()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl-ssa");
        using var kubectl = new Kubectl(cluster);
        var first = kubectl.WriteFile("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  mode: fast\n");
        var (exit, output, error) = await kubectl.RunAsync("apply", "--server-side", "-n", ns, "-f", first);
        Assert.True(exit == 0, error);
        Assert.Equal("configmap/ssa serverside-applied", output.Trim());

        var second = kubectl.WriteFile("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  mode: slow\n  extra: x\n");
        (exit, output, error) = await kubectl.RunAsync("apply", "--server-side", "-n", ns, "-f", second);
        Assert.True(exit == 0, error);
        Assert.Equal("configmap/ssa serverside-applied", output.Trim());

        var other = kubectl.WriteFile("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  mode: turbo\n");
        (exit, _, error) = await kubectl.RunAsync("apply", "--server-side", "--field-manager=deployer", "-n", ns, "-f", other);
        Assert.Equal(1, exit);
        Assert.StartsWith("error: Apply failed with 1 conflict: conflict with \"kubectl\": .data.mode", error, StringComparison.Ordinal);
        Assert.Contains("--force-conflicts", error, StringComparison.Ordinal);
        Assert.Equal("slow", (await client.CoreV1.ReadNamespacedConfigMapAsync("ssa", ns, cancellationToken: Ct)).Data["mode"]);

        (exit, output, error) = await kubectl.RunAsync("apply", "--server-side", "--field-manager=deployer", "--force-conflicts", "-n", ns, "-f", other);
        Assert.True(exit == 0, error);
        Assert.Equal("configmap/ssa serverside-applied", output.Trim());
        var cm = await client.CoreV1.ReadNamespacedConfigMapAsync("ssa", ns, cancellationToken: Ct);
        Assert.Equal("turbo", cm.Data["mode"]);
        Assert.Equal("x", cm.Data["extra"]);
        Assert.Contains(cm.Metadata.ManagedFields, m => m.Manager == "deployer" && m.Operation == "Apply");
        Assert.Contains(cm.Metadata.ManagedFields, m => m.Manager == "kubectl" && m.Operation == "Apply");
    }

    [Fact]
    public async Task Json_and_strategic_patches_of_a_service_account()
    {
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl-patch");
        await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "sa" }, Secrets = [new V1ObjectReference { Name = "first" }] }, ns, cancellationToken: Ct);
        using var kubectl = new Kubectl(cluster);

        // Strategic merge is kubectl patch's default; ServiceAccount secrets merge by name instead of being replaced.
        var (exit, output, error) = await kubectl.RunAsync("patch", "serviceaccount", "sa", "-n", ns, "-p", "{\"secrets\":[{\"name\":\"second\"}]}");
        Assert.True(exit == 0, error);
        Assert.Equal("serviceaccount/sa patched", output.Trim());

        (exit, output, error) = await kubectl.RunAsync("patch", "serviceaccount", "sa", "-n", ns, "--type=json", "-p", "[{\"op\":\"add\",\"path\":\"/imagePullSecrets\",\"value\":[{\"name\":\"pull\"}]}]");
        Assert.True(exit == 0, error);
        Assert.Equal("serviceaccount/sa patched", output.Trim());

        var sa = await client.CoreV1.ReadNamespacedServiceAccountAsync("sa", ns, cancellationToken: Ct);
        Assert.Equal(["first", "second"], sa.Secrets.Select(s => s.Name));
        Assert.Equal("pull", Assert.Single(sa.ImagePullSecrets).Name);

        (exit, _, error) = await kubectl.RunAsync("patch", "serviceaccount", "sa", "-n", ns, "--type=json", "-p", "[{\"op\":\"test\",\"path\":\"/imagePullSecrets/0/name\",\"value\":\"other\"}]");
        Assert.Equal(1, exit);
        Assert.Equal("The request is invalid: the server rejected our request due to an error in our request", error.Trim());
    }
}
