namespace AcrOperator.Tests.Integration;

/// <summary>
/// The pull-secret end-to-end classes: each runs an operator process against its own emulators, and one writes 10,000
/// Secrets. They run after the parallel tests and one at a time, so their load does not slow down other tests that
/// time an operator process on the same few cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PullSecretProcesses
{
    public const string Name = "pull-secret operator processes";
}
