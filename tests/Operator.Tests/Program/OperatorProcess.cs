using AcrOperator.Tests.TestSupport;

namespace AcrOperator.Tests.Program;

/// <summary>Runs the built operator as its own process, the way a user or a cluster starts it.</summary>
internal static class OperatorProcess
{
    public static Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
        => ExternalCommand.RunAsync(
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "acr-operator.dll"), .. args],
            environment,
            // The process must not find a cluster from the machine it runs on.
            unsetEnvironment: ["KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT"]);
}
