using k8s;
using k8s.Models;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>kubectl against the operator's own CRDs and samples: apply, printer columns, wait, delete, categories and short names.</summary>
public sealed class KubectlOperatorTests(EmulatorCluster cluster)
{
    private const string Group = "acr.operator.dev";
    private const string Version = "v1alpha1";

    private static readonly string[] Samples = ["acr_v1alpha1_registry.yaml", "acr_v1alpha1_replication.yaml", "acr_v1alpha1_webhook.yaml", "acr_v1alpha1_buildtask.yaml"];

    private readonly IClusterUnderTest cluster = cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apply_crds_then_samples()
    {
        var (applied, established) = await OperatorCrds.InstallAsync(cluster);
        foreach (var plural in new[] { "registries", "replications", "webhooks", "buildtasks" })
        {
            Assert.Contains($"customresourcedefinition.apiextensions.k8s.io/{plural}.{Group} created", applied, StringComparison.Ordinal);
            Assert.Contains($"customresourcedefinition.apiextensions.k8s.io/{plural}.{Group} condition met", established, StringComparison.Ordinal);
        }

        var (ns, kubectl) = await SamplesAsync();
        using (kubectl)
        {
            var (exit, output, error) = await kubectl.RunAsync("get", "registry/platform-prod", "replication/platform-prod-northeurope", "webhook/payments-deploy", "buildtask/payments-api", "-n", ns, "-o", "name");
            Assert.True(exit == 0, error);
            Assert.Equal(4, output.Trim().Split('\n').Length);
        }
    }

    [Fact]
    public async Task Get_shows_printer_columns_with_status_values_and_yaml()
    {
        var (ns, kubectl) = await SamplesAsync();
        using (kubectl)
        {
            await SetReadyAsync(ns, "registries", "platform-prod", new { loginServer = "contosoplatformprod.azurecr.io" });

            var (exit, output, error) = await kubectl.RunAsync("get", "registries", "-n", ns);
            Assert.True(exit == 0, error);
            var lines = output.Trim().Split('\n');
            Assert.Matches(@"^NAME\s+READY\s+REASON\s+LOGIN SERVER\s+AGE$", lines[0]);
            Assert.Matches(@"^platform-prod\s+True\s+Provisioned\s+contosoplatformprod\.azurecr\.io\s+\d+s$", lines[1]);

            (exit, output, error) = await kubectl.RunAsync("get", "registries", "-n", ns, "-o", "wide");
            Assert.True(exit == 0, error);
            Assert.Matches(@"NAME\s+READY\s+REASON\s+LOGIN SERVER\s+SKU\s+LOCATION\s+AGE", output);
            Assert.Matches(@"platform-prod\s+True\s+Provisioned\s+\S+\s+Premium\s+westeurope\s+\d+s", output);

            (exit, output, error) = await kubectl.RunAsync("get", "replications", "-n", ns);
            Assert.True(exit == 0, error);
            Assert.Matches(@"NAME\s+READY\s+REASON\s+LOCATION\s+AGE", output);
            Assert.Matches(@"platform-prod-northeurope\s+northeurope\s+\d+s", output);

            (exit, output, error) = await kubectl.RunAsync("get", "registry", "platform-prod", "-n", ns, "-o", "yaml");
            Assert.True(exit == 0, error);
            Assert.Contains("kind: Registry", output, StringComparison.Ordinal);
            Assert.Contains("sku: Premium", output, StringComparison.Ordinal);
            Assert.Contains("loginServer: contosoplatformprod.azurecr.io", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Get_by_category_and_short_name()
    {
        var (ns, kubectl) = await SamplesAsync();
        using (kubectl)
        {
            var (exit, output, error) = await kubectl.RunAsync("get", "acr-all", "-n", ns);
            Assert.True(exit == 0, error);
            Assert.Contains($"registry.{Group}/platform-prod", output, StringComparison.Ordinal);
            Assert.Contains($"replication.{Group}/platform-prod-northeurope", output, StringComparison.Ordinal);
            Assert.Contains($"webhook.{Group}/payments-deploy", output, StringComparison.Ordinal);
            Assert.Contains($"buildtask.{Group}/payments-api", output, StringComparison.Ordinal);

            (exit, output, error) = await kubectl.RunAsync("get", "acr", "-n", ns, "-o", "name");
            Assert.True(exit == 0, error);
            Assert.Equal($"registry.{Group}/platform-prod", output.Trim());
        }
    }

    [Fact]
    public async Task Wait_for_Ready_returns_once_the_condition_is_set()
    {
        var (ns, kubectl) = await SamplesAsync();
        using (kubectl)
        {
            using var wait = kubectl.Start("wait", "--for=condition=Ready", "registry/platform-prod", "-n", ns, "--timeout=20s");
            await Task.Delay(700, Ct);
            Assert.False(wait.HasExited);
            await SetReadyAsync(ns, "registries", "platform-prod", new { loginServer = "x.azurecr.io" });
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            await wait.WaitForExitAsync(timeout.Token);
            Assert.True(wait.ExitCode == 0, await wait.StandardError.ReadToEndAsync(Ct));
            Assert.Equal($"registry.{Group}/platform-prod condition met", (await wait.StandardOutput.ReadToEndAsync(Ct)).Trim());
        }
    }

    [Fact]
    public async Task Wait_for_Ready_times_out_when_it_never_comes()
    {
        var (ns, kubectl) = await SamplesAsync();
        using (kubectl)
        {
            var (exit, _, error) = await kubectl.RunAsync("wait", "--for=condition=Ready", "webhook/payments-deploy", "-n", ns, "--timeout=1s");
            Assert.Equal(1, exit);
            Assert.Equal("error: timed out waiting for the condition on webhooks/payments-deploy", error.Trim());
        }
    }

    [Fact]
    public async Task Client_side_apply_again_patches_and_then_is_unchanged()
    {
        var (ns, kubectl) = await SamplesAsync();
        using (kubectl)
        {
            var changed = kubectl.WriteFile(File.ReadAllText(OperatorCrds.Sample(Samples[0])).Replace("costCenter: platform", "costCenter: shared", StringComparison.Ordinal));
            var (exit, output, error) = await kubectl.RunAsync("apply", "-n", ns, "-f", changed);
            Assert.True(exit == 0, error);
            Assert.Equal($"registry.{Group}/platform-prod configured", output.Trim());

            (exit, output, error) = await kubectl.RunAsync("apply", "-n", ns, "-f", changed);
            Assert.True(exit == 0, error);
            Assert.Equal($"registry.{Group}/platform-prod unchanged", output.Trim());

            using var client = cluster.CreateClient();
            var registry = (System.Text.Json.JsonElement)await client.CustomObjects.GetNamespacedCustomObjectAsync(Group, Version, ns, "registries", "platform-prod", cancellationToken: Ct);
            Assert.Equal("shared", registry.GetProperty("spec").GetProperty("tags").GetProperty("costCenter").GetString());
        }
    }

    [Fact]
    public async Task Strategic_patch_of_a_custom_resource_is_refused_as_kubectl_reports_it()
    {
        var (ns, kubectl) = await SamplesAsync();
        using (kubectl)
        {
            var (exit, _, error) = await kubectl.RunAsync("patch", "registry", "platform-prod", "-n", ns, "-p", "{\"spec\":{\"sku\":\"Standard\"}}");
            Assert.Equal(1, exit);
            Assert.Equal(
                $"error: application/strategic-merge-patch+json is not supported by {Group}/{Version}, Kind=Registry: the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
                error.Trim());

            (exit, _, error) = await kubectl.RunAsync("patch", "registry", "platform-prod", "-n", ns, "--type=merge", "-p", "{\"spec\":{\"sku\":\"Standard\"}}");
            Assert.True(exit == 0, error);
        }
    }

    [Fact]
    public async Task Delete_f_of_the_samples()
    {
        var (ns, kubectl) = await SamplesAsync();
        using (kubectl)
        {
            var (exit, output, error) = await kubectl.RunAsync(["delete", "-n", ns, .. Samples.SelectMany(s => new[] { "-f", OperatorCrds.Sample(s) })]);
            Assert.True(exit == 0, error);
            Assert.Contains($"registry.{Group} \"platform-prod\" deleted", output, StringComparison.Ordinal);
            Assert.Contains($"buildtask.{Group} \"payments-api\" deleted", output, StringComparison.Ordinal);

            (exit, output, error) = await kubectl.RunAsync("get", "acr-all", "-n", ns);
            Assert.True(exit == 0, error);
            Assert.Equal($"No resources found in {ns} namespace.", (output + error).Trim());
        }
    }

    /// <summary>A namespace of its own with every sample applied by kubectl, and the kubectl that did it.</summary>
    private async Task<(string Namespace, Kubectl Kubectl)> SamplesAsync()
    {
        await OperatorCrds.InstallAsync(cluster);
        using var client = cluster.CreateClient();
        var ns = await TestNamespaces.CreateAsync(client, "kubectl-acr");
        var kubectl = new Kubectl(cluster);
        var (exit, output, error) = await kubectl.RunAsync(["apply", "-n", ns, .. Samples.SelectMany(s => new[] { "-f", OperatorCrds.Sample(s) })]);
        Assert.True(exit == 0, error);
        Assert.Contains($"registry.{Group}/platform-prod created", output, StringComparison.Ordinal);
        Assert.Contains($"replication.{Group}/platform-prod-northeurope created", output, StringComparison.Ordinal);
        Assert.Contains($"webhook.{Group}/payments-deploy created", output, StringComparison.Ordinal);
        Assert.Contains($"buildtask.{Group}/payments-api created", output, StringComparison.Ordinal);
        return (ns, kubectl);
    }

    /// <summary>What the operator does: Ready=True through the /status subresource.</summary>
    private async Task SetReadyAsync(string ns, string plural, string name, object extra)
    {
        using var client = cluster.CreateClient();
        var status = System.Text.Json.JsonSerializer.SerializeToNode(extra)!.AsObject();
        status["conditions"] = System.Text.Json.Nodes.JsonNode.Parse("""
            [{"type":"Ready","status":"True","reason":"Provisioned","message":"ready","lastTransitionTime":"2026-01-01T00:00:00Z","observedGeneration":1}]
            """);
        var patch = new System.Text.Json.Nodes.JsonObject { ["status"] = status };
        await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), Group, Version, ns, plural, name, cancellationToken: Ct);
    }
}
