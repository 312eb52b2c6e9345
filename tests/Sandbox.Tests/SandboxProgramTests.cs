using System.Diagnostics;
using System.Text;

namespace AcrOperator.Sandbox.Tests;

/// <summary>
/// The sandbox program as the README runs it: both emulators, the CRDs and samples, and the operator as its own
/// process (src/Operator/bin/&lt;configuration&gt;/net10.0/acr-operator.dll, built before this project by its
/// build-order-only ProjectReference), until every sample with a controller is Ready.
/// </summary>
public sealed class SandboxProgramTests
{
    [Fact]
    public async Task Exit_when_ready_exits_0_once_the_Registry_Replication_Webhook_and_BuildTask_samples_are_Ready()
    {
        var ct = TestContext.Current.CancellationToken;

        var stopwatch = Stopwatch.StartNew();
        using var process = SandboxProcess.Start("--exit-when-ready", "--timeout", "90");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(110), ct);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        await process.WaitForExitAsync(ct);
        string text;
        lock (output)
        {
            text = output.ToString();
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"exit {process.ExitCode} after {stopwatch.Elapsed.TotalSeconds:F1} s\n{text}");
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{text}");
        Assert.Matches(@"export KUBECONFIG=.*[/\\]\.sandbox[/\\]kubeconfig", text);
        Assert.Matches(@"(?m)^Registry +default/platform-prod +True +Succeeded ", text);
        Assert.Matches(@"(?m)^Replication +default/platform-prod-northeurope +True +Succeeded ", text);
        Assert.Matches(@"(?m)^Webhook +default/payments-deploy +True +Succeeded ", text);
        Assert.Matches(@"(?m)^BuildTask +default/payments-api +True +Succeeded ", text);
        Assert.DoesNotContain("no controller yet", text, StringComparison.Ordinal);
        Assert.DoesNotContain("replace-me", text, StringComparison.Ordinal);
        Assert.Contains("all samples with a controller are Ready", text, StringComparison.Ordinal);
        Assert.Contains("sandbox: stopped", text, StringComparison.Ordinal);
    }
}
