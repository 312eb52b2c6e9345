namespace AcrOperator.Runtime.Manager;

/// <summary>A cache that controllers must not read before its first list has completed.</summary>
public interface ISyncable
{
    bool HasSynced { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
