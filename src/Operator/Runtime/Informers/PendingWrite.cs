namespace AcrOperator.Runtime.Informers;

/// <summary>A write the cache has not shown yet: a deletion, or the resourceVersion and state written. <see cref="At"/> is a timestamp of the controller's clock.</summary>
public readonly record struct PendingWrite<TState>(bool Deleted, string? ResourceVersion, TState? State, long At);
