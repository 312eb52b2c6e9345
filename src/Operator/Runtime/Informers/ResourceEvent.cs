namespace AcrOperator.Runtime.Informers;

/// <summary>A change the informer's cache saw. <see cref="Previous"/> is set for updates.</summary>
public sealed record ResourceEvent<T>(ResourceEventType Type, T Current, T? Previous = null)
    where T : class;
