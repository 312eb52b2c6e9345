using System.Diagnostics;
using k8s;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>`acr-sandbox kube-api` as a newcomer runs it: it announces its kubeconfig, says ready, serves, and stops on SIGTERM.</summary>
public sealed class StandaloneCommandTests
{
    [Fact]
    public async Task Kube_api_prints_its_kubeconfig_then_ready_serves_clients_and_exits_cleanly_on_SIGTERM()
    {
        var ct = TestContext.Current.CancellationToken;
        var kubeconfig = Path.Combine(Directory.CreateTempSubdirectory("kube-api-standalone-").FullName, "config");

        using var process = SandboxProcess.Start("kube-api", "--kubeconfig", kubeconfig);
        try
        {
            using var startup = CancellationTokenSource.CreateLinkedTokenSource(ct);
            startup.CancelAfter(TimeSpan.FromSeconds(30));
            Assert.Equal($"kubeconfig: {kubeconfig}", await process.StandardOutput.ReadLineAsync(startup.Token));
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync(startup.Token));

            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
            var version = await client.Version.GetCodeAsync(ct);
            Assert.Equal("32", version.Minor);
            var namespaces = await client.CoreV1.ListNamespaceAsync(cancellationToken: ct);
            Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");

            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
