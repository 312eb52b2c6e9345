using System.Diagnostics;
using System.Net;
using AcrOperator.Sandbox.Arm;

namespace AcrOperator.Sandbox.Tests.Arm;

/// <summary>`acr-sandbox arm` as a newcomer runs it: address, CA file and ready, then HTTPS a client can trust, and a clean exit on SIGTERM.</summary>
public sealed class ArmStandaloneCommandTests
{
    [Fact]
    public async Task Arm_prints_its_address_and_ca_then_ready_serves_https_and_exits_cleanly_on_SIGTERM()
    {
        var ct = TestContext.Current.CancellationToken;

        using var process = SandboxProcess.Start("arm");
        try
        {
            using var startup = CancellationTokenSource.CreateLinkedTokenSource(ct);
            startup.CancelAfter(TimeSpan.FromSeconds(30));
            var address = await process.StandardOutput.ReadLineAsync(startup.Token);
            var ca = await process.StandardOutput.ReadLineAsync(startup.Token);
            Assert.Matches("^arm: https://127\\.0\\.0\\.1:[0-9]+$", address);
            Assert.StartsWith("ca: ", ca, StringComparison.Ordinal);
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync(startup.Token));
            var caPath = ca![4..];
            Assert.Contains("BEGIN CERTIFICATE", await File.ReadAllTextAsync(caPath, ct), StringComparison.Ordinal);

            using var client = ArmServer.CreateHttpClient(caPath, new Uri(address![5..]), "any-token");
            using var response = await client.GetAsync("subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/rg-missing?api-version=2022-09-01", ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("ResourceGroupNotFound", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

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
