namespace AcrOperator.Runtime.Informers;

/// <summary>
/// Exponential backoff with full jitter for reconnecting watches, so that a restarted API server is not
/// met by every informer of every replica at the same instant.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Func<double> _random;
    private int _attempt;

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, Func<double>? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        _initial = initial;
        _max = max;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>The next delay: a random point between half and all of the current step.</summary>
    public TimeSpan Next()
    {
        var step = _initial * Math.Pow(2, Math.Min(_attempt, 30));
        if (step > _max)
        {
            step = _max;
        }

        _attempt++;
        return step * (0.5 + (_random() / 2));
    }

    public void Reset() => _attempt = 0;
}
