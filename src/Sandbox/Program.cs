// The sandbox program: the emulators the operator is tested against, runnable on their own.
// Commands are added as the emulators land; an unknown command prints the usage.
using AcrOperator.Sandbox;

return args switch
{
    ["kube-api", .. var rest] => await KubeApiCommand.RunAsync(rest),
    ["kube-api-bench", .. var rest] => await KubeApiBenchCommand.RunAsync(rest),
    ["arm", .. var rest] => await ArmCommand.RunAsync(rest),
    _ => await Usage(),
};

static async Task<int> Usage()
{
    await Console.Error.WriteLineAsync("usage: acr-sandbox <command> [options]");
    await Console.Error.WriteLineAsync("  kube-api [--port N] [--kubeconfig PATH]   serve the Kubernetes API emulator until SIGINT or SIGTERM");
    await Console.Error.WriteLineAsync("  " + KubeApiBenchCommand.Usage);
    await Console.Error.WriteLineAsync("      benchmark the emulator in-process over loopback HTTP: writes/s, reads/s, watch fan-out delay (run with -c Release)");
    await Console.Error.WriteLineAsync("  arm [--port N]                            serve the Azure Resource Manager emulator (HTTPS) until SIGINT or SIGTERM;");
    await Console.Error.WriteLineAsync("                                            prints 'arm: URL', 'ca: PATH' (PEM to trust), then 'ready'");
    return 2;
}
