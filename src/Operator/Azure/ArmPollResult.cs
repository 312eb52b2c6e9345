namespace AcrOperator.Azure;

/// <summary>
/// The outcome of starting or polling an operation. InProgress carries the token to keep (its URL may have moved)
/// and Azure's <c>Retry-After</c> when it sent one (the least wait; <see cref="OperationPollSchedule"/> decides); Succeeded the final resource when there is one; Failed and Canceled the error.
/// </summary>
public sealed record ArmPollResult<T>
    where T : class
{
    public required ArmOperationState State { get; init; }

    public ArmOperation? Operation { get; init; }

    public TimeSpan? RetryAfter { get; init; }

    public T? Resource { get; init; }

    public ArmError? Error { get; init; }

    public bool IsCompleted => State != ArmOperationState.InProgress;
}
