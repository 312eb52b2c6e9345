namespace AcrOperator.Azure;

/// <summary>
/// When to poll a long-running Azure operation next, for every controller that parks one in status. The wait grows
/// with the operation's age (half of it, so a finished operation is seen at the latest about half its duration
/// late, with a number of polls that grows only with the logarithm of its duration), never shorter than
/// <see cref="MinInterval"/> and, of its own accord, never longer than <see cref="MaxInterval"/>. A
/// <c>Retry-After</c> from Azure is a lower bound that wins over both: polling sooner only earns the same answer
/// or a 429. The age comes from the operation's start time, which lives in status, so the schedule survives a
/// restart without keeping state of its own.
/// </summary>
public sealed class OperationPollSchedule
{
    /// <summary>The wait as a fraction of the time the operation has run so far.</summary>
    private const double AgeFraction = 0.5;

    private readonly TimeProvider _time;

    public OperationPollSchedule(TimeSpan minInterval, TimeSpan maxInterval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(minInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInterval, minInterval);
        MinInterval = minInterval;
        MaxInterval = maxInterval;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The shortest wait: the first poll of a new operation, and the pace of waits with nothing to go by.</summary>
    public TimeSpan MinInterval { get; }

    /// <summary>The longest wait the schedule picks itself; only a longer <c>Retry-After</c> exceeds it.</summary>
    public TimeSpan MaxInterval { get; }

    public static OperationPollSchedule From(AzureOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OperationPollSchedule(options.MinPollInterval, options.MaxPollInterval, time);
    }

    /// <summary>
    /// The wait before the next poll of an operation started at <paramref name="startedAt"/> whose last response asked
    /// for <paramref name="retryAfter"/> (null when it named none). An unknown start (<see cref="DateTimeOffset.MinValue"/>)
    /// counts as old, so an operation of unknown age is polled at the slow end.
    /// </summary>
    public TimeSpan Next(DateTimeOffset startedAt, TimeSpan? retryAfter)
    {
        var age = _time.GetUtcNow() - startedAt;
        // A start in the future (clock skew between processes) is treated as just started.
        var own = age <= TimeSpan.Zero ? MinInterval : Clamp(age * AgeFraction);
        return retryAfter is { } hint && hint > own ? hint : own;
    }

    private TimeSpan Clamp(TimeSpan wait) => wait < MinInterval ? MinInterval : wait > MaxInterval ? MaxInterval : wait;
}
