using System.Diagnostics;
using System.Text;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>Runs the machine's kubectl against a cluster, with a cache directory of its own (checklist item 52).</summary>
public sealed class Kubectl : IDisposable
{
    private const string Binary = "/usr/bin/kubectl";
    private readonly IClusterUnderTest cluster;
    private readonly DirectoryInfo cache = Directory.CreateTempSubdirectory("kubectl-cache-");

    public Kubectl(IClusterUnderTest cluster)
    {
        if (!File.Exists(Binary))
        {
            Assert.Skip("kubectl is not installed at " + Binary);
        }

        this.cluster = cluster;
    }

    public async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add("--kubeconfig");
        info.ArgumentList.Add(cluster.KubeconfigPath);
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(cache.FullName);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    public string WriteFile(string content)
    {
        var path = Path.Combine(cache.FullName, Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => cache.Delete(recursive: true);
}
