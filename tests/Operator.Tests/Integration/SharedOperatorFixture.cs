namespace AcrOperator.Tests.Integration;

/// <summary>
/// One operator process over both emulators for a class of scenarios that each use their own Registry and
/// resource group: starting the process and the emulators costs more than most scenarios do. Resyncs and Azure
/// operations are short (2 s, 1 s) so drift is found and operations end within seconds.
/// </summary>
public sealed class SharedOperatorFixture : IAsyncLifetime
{
    public static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(2);

    private OperatorOnEmulators? _env;

    public OperatorOnEmulators Env => _env ?? throw new InvalidOperationException("the fixture is not initialised");

    public async ValueTask InitializeAsync() => _env = await OperatorOnEmulators.StartAsync(ResyncInterval, operationDuration: TimeSpan.FromSeconds(1));

    public async ValueTask DisposeAsync()
    {
        if (_env is not null)
        {
            await _env.DisposeAsync();
        }
    }
}
