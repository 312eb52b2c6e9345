using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AcrOperator.Tests.TestSupport;

/// <summary>The built operator (<c>acr-operator.dll</c>) started as its own process, as a user or a cluster would start it.</summary>
internal static class OperatorProcess
{
    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static string OperatorDll => Path.Combine(AppContext.BaseDirectory, "acr-operator.dll");

    /// <summary>Runs the operator to completion (start-up failures) and captures what it printed.</summary>
    public static Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
        => ExternalCommand.RunAsync(
            DotnetHost,
            [OperatorDll, .. args],
            environment,
            // The process must not find a cluster from the machine it runs on.
            unsetEnvironment: ["KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT"]);

    /// <summary>
    /// Starts the operator against <paramref name="kubeconfig"/>, serving HTTP on <paramref name="port"/>, with
    /// <paramref name="environment"/> added (e.g. <c>Operator__Azure__...</c>). Everything it prints goes to <paramref name="output"/>.
    /// </summary>
    public static Process Start(string kubeconfig, int port, out StringBuilder output, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(OperatorDll);
        start.ArgumentList.Add($"--Operator:HttpPort={port}");
        start.Environment["KUBECONFIG"] = kubeconfig;
        start.Environment.Remove("KUBERNETES_SERVICE_HOST");
        start.Environment.Remove("KUBERNETES_SERVICE_PORT");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output = log;
        return process;
    }

    /// <summary>What the process has printed so far (the builder is written by the process's reader threads).</summary>
    public static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
