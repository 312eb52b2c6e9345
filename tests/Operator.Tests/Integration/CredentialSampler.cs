using System.Collections.Concurrent;
using AcrOperator.Api.V1Alpha1;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// Reads every pull Secret of a Registry over and over and asks the registry (the ARM emulator's data-plane check)
/// whether each password would log in right now: what a kubelet pulling at that moment would get.
/// </summary>
internal sealed class CredentialSampler(PullSecretEnvironment env, Registry registry, string loginServer) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _samples;

    public int Samples => Volatile.Read(ref _samples);

    /// <summary>Each failure: which Secret, and when.</summary>
    public ConcurrentQueue<string> Failures { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        while (!linked.IsCancellationRequested)
        {
            try
            {
                foreach (var secret in await env.ManagedSecretsAsync(registry))
                {
                    var (username, password) = PullSecretEnvironment.CredentialsIn(secret, loginServer);
                    if (!env.Arm.CheckCredentials(loginServer, username, password))
                    {
                        Failures.Enqueue($"{secret.Metadata.NamespaceProperty}/{secret.Metadata.Name} at {DateTime.UtcNow:HH:mm:ss.fff}");
                    }

                    Interlocked.Increment(ref _samples);
                }

                await Task.Delay(10, linked.Token);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                break;
            }
        }
    }

    public async Task StopAsync(Task running)
    {
        ArgumentNullException.ThrowIfNull(running);
        await _stop.CancelAsync();
        await running;
    }

    public void Dispose() => _stop.Dispose();
}
