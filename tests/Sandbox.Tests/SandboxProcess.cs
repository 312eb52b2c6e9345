using System.Diagnostics;

namespace AcrOperator.Sandbox.Tests;

/// <summary>Starts the built sandbox program (<c>acr-sandbox.dll</c>) as its own process, as a newcomer runs it, with its output redirected.</summary>
internal static class SandboxProcess
{
    public static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "acr-sandbox.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
