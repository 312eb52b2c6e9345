namespace AcrOperator.Runtime.Queue;

/// <summary>What <see cref="WorkQueue{TKey}.GetAsync"/> hands a worker: a key, or the news that the queue shut down.</summary>
public readonly record struct WorkItem<TKey>(TKey Key, bool ShutDown)
    where TKey : notnull;
