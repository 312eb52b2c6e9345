using System.Net;
using AcrOperator.Tests.TestSupport;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Integration;

/// <summary>The operator process started as a user or a cluster would, against the emulator.</summary>
public sealed class OperatorOnEmulatorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Takes_the_lease_serves_health_and_metrics_and_releases_the_lease_on_SIGTERM()
    {
        await using var cluster = await EmulatedCluster.StartAsync();
        await cluster.Kubernetes.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "acr-operator-system" } }, cancellationToken: Ct);
        // The Registry controller's cache lists registries before the operator is ready, as on a real cluster.
        await cluster.InstallOperatorCrdsAsync();
        var port = OperatorProcess.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        using var process = OperatorProcess.Start(cluster.KubeconfigPath, port, out var output);
        try
        {
            await Eventually.TrueAsync(async () => await StatusOfAsync(http, "readyz") == HttpStatusCode.OK, timeoutSeconds: 30);
            Assert.Equal(HttpStatusCode.OK, await StatusOfAsync(http, "healthz"));
            await Eventually.TrueAsync(async () => (await http.GetStringAsync("metrics", Ct)).Contains("""leader_election_master_status{name="acr-operator-leader"} 1""", StringComparison.Ordinal));

            var lease = await cluster.Kubernetes.CoordinationV1.ReadNamespacedLeaseAsync("acr-operator-leader", "acr-operator-system", cancellationToken: Ct);
            Assert.False(string.IsNullOrEmpty(lease.Spec.HolderIdentity));

            await ExternalCommand.RunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

            Assert.True(process.ExitCode == 0, output.ToString());
            lease = await cluster.Kubernetes.CoordinationV1.ReadNamespacedLeaseAsync("acr-operator-leader", "acr-operator-system", cancellationToken: Ct);
            Assert.True(string.IsNullOrEmpty(lease.Spec.HolderIdentity), "the lease was not released on shutdown");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // What the operator printed is the first thing anyone debugging this needs.
            throw new InvalidOperationException($"{ex.Message}\noperator output:\n{output}", ex);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<HttpStatusCode?> StatusOfAsync(HttpClient http, string path)
    {
        try
        {
            using var response = await http.GetAsync(path, Ct);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
