using System.Globalization;
using AcrOperator.Sandbox.Arm;

namespace AcrOperator.Sandbox;

/// <summary><c>arm [--port N]</c>: serves the ARM emulator standalone until SIGINT or SIGTERM.</summary>
internal static class ArmCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = 0;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port):
                    i++;
                    break;
                default:
                    await Console.Error.WriteLineAsync($"arm: unknown or incomplete option '{args[i]}'");
                    await Console.Error.WriteLineAsync("usage: acr-sandbox arm [--port N]");
                    return 2;
            }
        }

        using var shutdown = new ShutdownSignal();
        await using var server = await ArmServer.StartAsync(new ArmServerOptions { Port = port }, shutdown.Token);
        await Console.Out.WriteLineAsync($"arm: {server.BaseAddress.GetLeftPart(UriPartial.Authority)}");
        await Console.Out.WriteLineAsync($"ca: {server.CaCertificatePath}");
        await Console.Out.WriteLineAsync("ready");
        await Console.Out.FlushAsync();
        await shutdown.WaitAsync();
        return 0;
    }
}
