using System.Globalization;
using AcrOperator.Sandbox.KubeApi;

namespace AcrOperator.Sandbox;

/// <summary><c>kube-api [--port N] [--kubeconfig PATH]</c>: serves the emulator standalone until SIGINT or SIGTERM.</summary>
internal static class KubeApiCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = 0;
        string? kubeconfig = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port):
                    i++;
                    break;
                case "--kubeconfig" when i + 1 < args.Length:
                    kubeconfig = args[++i];
                    break;
                default:
                    await Console.Error.WriteLineAsync($"kube-api: unknown or incomplete option '{args[i]}'");
                    await Console.Error.WriteLineAsync("usage: acr-sandbox kube-api [--port N] [--kubeconfig PATH]");
                    return 2;
            }
        }

        using var shutdown = new ShutdownSignal();
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { Port = port }, shutdown.Token);
        var path = server.WriteKubeconfig(kubeconfig ?? Path.Combine(Path.GetTempPath(), $"acr-sandbox-kube-api-{server.BaseAddress.Port.ToString(CultureInfo.InvariantCulture)}.kubeconfig"));
        await Console.Out.WriteLineAsync($"kubeconfig: {path}");
        await Console.Out.WriteLineAsync("ready");
        await Console.Out.FlushAsync();
        await shutdown.WaitAsync();
        return 0;
    }
}
