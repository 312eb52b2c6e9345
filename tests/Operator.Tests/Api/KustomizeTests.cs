using AcrOperator.Tests.TestSupport;

namespace AcrOperator.Tests.Api;

public sealed class KustomizeTests
{
    [Fact]
    public async Task Kubectl_kustomize_renders_the_four_crds_as_generated()
    {
        var kubectl = ExternalCommand.Find("kubectl");
        Assert.SkipWhen(kubectl is null, "kubectl is not on PATH; install it to check that config/crd renders with kustomize");

        var (exit, stdout, stderr) = await ExternalCommand.RunAsync(kubectl!, ["kustomize", "config/crd"], workingDirectory: RepoFiles.Root);

        Assert.True(exit == 0, stderr);
        var documents = stdout.Split("\n---\n");
        Assert.Equal(4, documents.Length);
        Assert.Equal(
            ["buildtasks.acr.operator.dev", "registries.acr.operator.dev", "replications.acr.operator.dev", "webhooks.acr.operator.dev"],
            documents.Select(d => d.Split('\n').Single(l => l.StartsWith("  name: ", StringComparison.Ordinal))[8..]).Order(StringComparer.Ordinal));
    }
}
