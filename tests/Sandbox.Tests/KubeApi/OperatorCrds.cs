namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>
/// The operator's CRDs, applied with kubectl once per test run and waited for until Established, so every
/// test that uses its kinds shares one install (CRDs are cluster-scoped; tests keep to their own namespaces).
/// </summary>
internal static class OperatorCrds
{
    private static readonly Lock Gate = new();
    private static Task<(string Applied, string Established)>? install;

    public static string Directory => Path.Combine(RepoFixtures.Root, "config", "crd", "bases");

    public static string Sample(string fileName) => Path.Combine(RepoFixtures.Root, "config", "samples", fileName);

    /// <summary>kubectl's output for the apply and for the wait for Established.</summary>
    public static Task<(string Applied, string Established)> InstallAsync(IClusterUnderTest cluster)
    {
        lock (Gate)
        {
            return install ??= ApplyAsync(cluster);
        }
    }

    private static async Task<(string Applied, string Established)> ApplyAsync(IClusterUnderTest cluster)
    {
        using var kubectl = new Kubectl(cluster);
        var (exit, applied, error) = await kubectl.RunAsync("apply", "-f", Directory);
        Assert.True(exit == 0, error);
        (exit, var established, error) = await kubectl.RunAsync("wait", "--for=condition=Established", "--timeout=20s", "-f", Directory);
        Assert.True(exit == 0, error);
        return (applied, established);
    }
}
