// The sandbox program: with no command (or `sandbox`), both emulators plus the operator as its own process, the
// CRDs and samples applied, and a live table of their Ready conditions; the other commands run one emulator on its
// own or benchmark it, and registry-bench and pullsecret-bench measure the operator against both. An unknown command prints the usage.
using AcrOperator.Sandbox;

return args switch
{
    [] => await SandboxCommand.RunAsync([]),
    ["sandbox", .. var rest] => await SandboxCommand.RunAsync(rest),
    [var first, ..] when first.StartsWith("--", StringComparison.Ordinal) => await SandboxCommand.RunAsync(args),
    ["kube-api", .. var rest] => await KubeApiCommand.RunAsync(rest),
    ["kube-api-bench", .. var rest] => await KubeApiBenchCommand.RunAsync(rest),
    ["arm", .. var rest] => await ArmCommand.RunAsync(rest),
    ["registry-bench", .. var rest] => await RegistryBenchCommand.RunAsync(rest),
    ["pullsecret-bench", .. var rest] => await PullSecretBenchCommand.RunAsync(rest),
    _ => await Usage(),
};

static async Task<int> Usage()
{
    await Console.Error.WriteLineAsync("usage: acr-sandbox [<command>] [options]");
    await Console.Error.WriteLineAsync("  " + SandboxCommand.Usage);
    await Console.Error.WriteLineAsync("      the default command: both emulators, the CRDs and samples of config/, the operator as its own process");
    await Console.Error.WriteLineAsync("      (output in .sandbox/operator.log), .sandbox/kubeconfig for kubectl, and a live table of each sample's Ready");
    await Console.Error.WriteLineAsync("      condition until Ctrl-C; --exit-when-ready exits 0 once every sample with a controller is Ready (default");
    await Console.Error.WriteLineAsync("      timeout 120 s), else prints the failing conditions and exits 1. The operator is src/Operator/bin/<configuration>/");
    await Console.Error.WriteLineAsync("      net10.0/acr-operator.dll, built first when missing or stale, or the dll named by " + SandboxCommand.OperatorDllVariable);
    await Console.Error.WriteLineAsync("  kube-api [--port N] [--kubeconfig PATH]   serve the Kubernetes API emulator until SIGINT or SIGTERM");
    await Console.Error.WriteLineAsync("  " + KubeApiBenchCommand.Usage);
    await Console.Error.WriteLineAsync("      benchmark the emulator in-process over loopback HTTP: writes/s, reads/s, watch fan-out delay (run with -c Release)");
    await Console.Error.WriteLineAsync("  " + RegistryBenchCommand.Usage);
    await Console.Error.WriteLineAsync("      benchmark the operator (issue 5): N Registries (default 500) against both emulators with each registry write");
    await Console.Error.WriteLineAsync("      taking L s (default 5); prints time to all Ready, ARM calls and Kubernetes writes per registry, writes");
    await Console.Error.WriteLineAsync("      during a quiet resync and the operator's peak RSS, each against its target; run with -c Release");
    await Console.Error.WriteLineAsync("  " + PullSecretBenchCommand.Usage);
    await Console.Error.WriteLineAsync("      benchmark the pull secrets (issue 6): N namespaces (default 1000) created at R/s (default 50) for one Registry,");
    await Console.Error.WriteLineAsync("      then a forced rotation; prints namespace-to-Secret latency, rotation fan-out time, writes per namespace and");
    await Console.Error.WriteLineAsync("      the operator's peak RSS, each against its target; run with -c Release");
    await Console.Error.WriteLineAsync("  arm [--port N]                            serve the Azure Resource Manager emulator (HTTPS) until SIGINT or SIGTERM;");
    await Console.Error.WriteLineAsync("                                            prints 'arm: URL', 'ca: PATH' (PEM to trust), then 'ready'");
    return 2;
}
