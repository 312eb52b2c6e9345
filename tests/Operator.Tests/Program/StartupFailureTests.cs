using AcrOperator.Tests.TestSupport;

namespace AcrOperator.Tests.Program;

/// <summary>The operator's first minute for a newcomer: a missing or unreachable cluster or a bad setting ends in one clear line.</summary>
public sealed class StartupFailureTests
{
    [Fact]
    public async Task Without_any_cluster_configuration_it_exits_1_with_one_line_saying_what_it_tried()
    {
        var (exit, _, stderr) = await OperatorProcess.RunAsync(new Dictionary<string, string?> { ["KUBECONFIG"] = "/nonexistent/kubeconfig" });

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(stderr));
        Assert.Equal(
            "acr-operator: no Kubernetes cluster configured: not running in a cluster (KUBERNETES_SERVICE_HOST is unset) and no kubeconfig at /nonexistent/kubeconfig; set KUBECONFIG or --Operator:Kubeconfig",
            line);
    }

    [Fact]
    public async Task With_an_unreachable_api_server_it_exits_1_with_one_line_naming_the_server()
    {
        var port = OperatorProcess.FreePort();
        var kubeconfig = WriteKubeconfig($"http://127.0.0.1:{port}");

        var (exit, _, stderr) = await OperatorProcess.RunAsync(new Dictionary<string, string?> { ["KUBECONFIG"] = kubeconfig });

        Assert.Equal(1, exit);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith($"acr-operator: cannot reach the Kubernetes API server at http://127.0.0.1:{port}/", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_invalid_settings_it_exits_2_naming_each_bad_setting_before_touching_the_cluster()
    {
        var (exit, _, stderr) = await OperatorProcess.RunAsync(
            new Dictionary<string, string?> { ["KUBECONFIG"] = "/nonexistent/kubeconfig", ["Operator__Namespace"] = "Not_A_Label" },
            "--Operator:LeaderElection:RenewDeadline=00:01:00");

        Assert.Equal(2, exit);
        var line = Assert.Single(Lines(stderr));
        Assert.StartsWith("acr-operator: invalid configuration: ", line, StringComparison.Ordinal);
        Assert.Contains("Operator:Namespace must be a DNS-1123 label", line, StringComparison.Ordinal);
        Assert.Contains("RenewDeadline (00:01:00) must be less than LeaseDuration (00:00:15)", line, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);


    private static string WriteKubeconfig(string server)
    {
        var path = Path.Combine(Path.GetTempPath(), $"acr-operator-test-{Guid.NewGuid():N}.kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server}
            contexts:
            - name: test
              context:
                cluster: test
                user: test
            current-context: test
            users:
            - name: test
              user:
                token: not-a-secret
            """);
        return path;
    }
}
