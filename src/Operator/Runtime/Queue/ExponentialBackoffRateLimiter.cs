using System.Collections.Concurrent;

namespace AcrOperator.Runtime.Queue;

/// <summary>
/// Per-key exponential backoff: base, 2×base, 4×base... capped at max. A key is never dropped: after
/// the cap it keeps retrying at the cap, because a level-triggered controller must converge eventually.
/// </summary>
public sealed class ExponentialBackoffRateLimiter<TKey> : IRateLimiter<TKey>
    where TKey : notnull
{
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(750);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<TKey, int> _failures = new();
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public ExponentialBackoffRateLimiter()
        : this(DefaultBaseDelay, DefaultMaxDelay)
    {
    }

    public ExponentialBackoffRateLimiter(TimeSpan baseDelay, TimeSpan maxDelay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        _baseDelay = baseDelay;
        _maxDelay = maxDelay;
    }

    public TimeSpan NextDelay(TKey key)
    {
        var exponent = _failures.AddOrUpdate(key, 0, static (_, n) => n + 1);

        // Past ~40 doublings any base delay exceeds the cap; stop multiplying before doubles overflow.
        if (exponent > 40)
        {
            return _maxDelay;
        }

        var ticks = _baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= _maxDelay.Ticks ? _maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(TKey key) => _failures.TryRemove(key, out _);

    public int Retries(TKey key) => _failures.TryGetValue(key, out var n) ? n + 1 : 0;
}
