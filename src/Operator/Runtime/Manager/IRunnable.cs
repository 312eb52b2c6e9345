namespace AcrOperator.Runtime.Manager;

/// <summary>Something the manager runs while this replica leads: an informer, a controller, the event sender.</summary>
public interface IRunnable
{
    string Name { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
