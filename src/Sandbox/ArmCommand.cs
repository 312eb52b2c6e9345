using System.Globalization;
using System.Runtime.InteropServices;
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

        using var stopping = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await using var server = await ArmServer.StartAsync(new ArmServerOptions { Port = port }, stopping.Token);
        await Console.Out.WriteLineAsync($"arm: {server.BaseAddress.GetLeftPart(UriPartial.Authority)}");
        await Console.Out.WriteLineAsync($"ca: {server.CaCertificatePath}");
        await Console.Out.WriteLineAsync("ready");
        await Console.Out.FlushAsync();
        try
        {
            await Task.Delay(Timeout.Infinite, stopping.Token);
        }
        catch (OperationCanceledException)
        {
            // A signal asked us to stop.
        }

        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopping.Cancel();
        }
    }
}
