namespace AcrOperator.Azure;

/// <summary>
/// One subscription's client-side view of ARM's token buckets, shared by every caller. Each response's
/// <c>x-ms-ratelimit-remaining-subscription-reads/writes</c> resets the estimate; between responses it refills at
/// the documented rate, and callers wait for a token, so a burst of work queues here instead of earning 429s.
/// A 429 pauses the whole subscription until its <c>Retry-After</c>.
/// </summary>
public sealed class ArmRateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Bucket _reads;
    private readonly Bucket _writes;
    private DateTimeOffset _pausedUntil;
    private long _calls;
    private long _throttled;
    private long _waits;

    internal ArmRateLimiter(string subscriptionId, ArmRateLimitOptions options, TimeProvider time)
    {
        SubscriptionId = subscriptionId;
        _time = time;
        var now = time.GetUtcNow();
        _reads = new Bucket(options.ReadCapacity, options.ReadRefillPerSecond, now);
        _writes = new Bucket(options.WriteCapacity, options.WriteRefillPerSecond, now);
    }

    public string SubscriptionId { get; }

    /// <summary>
    /// Takes a token for one request, waiting while the subscription is paused or its bucket is empty. When the wait
    /// would exceed <paramref name="maxWait"/> nothing is taken and the wait is returned, so the caller can requeue.
    /// </summary>
    public async ValueTask<TimeSpan?> AcquireAsync(ArmAccess access, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var counted = false;
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                var bucket = access == ArmAccess.Read ? _reads : _writes;
                bucket.Refill(now);
                wait = _pausedUntil > now ? _pausedUntil - now : bucket.TimeToToken();
                if (wait <= TimeSpan.Zero)
                {
                    bucket.Take();
                    _calls++;
                    return null;
                }

                if (wait > maxWait)
                {
                    return wait;
                }

                if (!counted)
                {
                    _waits++;
                    counted = true;
                }
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>Feeds a response: its remaining-headers, and on 429 the pause.</summary>
    public void Observe(ArmAccess access, int status, long? remaining, TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (remaining is { } left)
            {
                (access == ArmAccess.Read ? _reads : _writes).Reset(left, now);
            }

            if (status == 429)
            {
                _throttled++;
                // Without a Retry-After ARM's buckets refill within seconds; a short pause avoids hammering.
                var until = now + (retryAfter ?? TimeSpan.FromSeconds(1));
                if (until > _pausedUntil)
                {
                    _pausedUntil = until;
                }
            }
        }
    }

    public ArmRateLimiterSnapshot Snapshot()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            _reads.Refill(now);
            _writes.Refill(now);
            return new ArmRateLimiterSnapshot(SubscriptionId, _calls, _throttled, _waits, _reads.Tokens, _writes.Tokens, _pausedUntil > now ? _pausedUntil : null);
        }
    }

    private sealed class Bucket(int capacity, double refillPerSecond, DateTimeOffset now)
    {
        private DateTimeOffset _updated = now;

        public double Tokens { get; private set; } = capacity;

        public void Refill(DateTimeOffset at)
        {
            if (at > _updated)
            {
                Tokens = Math.Min(capacity, Tokens + ((at - _updated).TotalSeconds * refillPerSecond));
                _updated = at;
            }
        }

        public void Reset(long remaining, DateTimeOffset at)
        {
            Tokens = Math.Clamp(remaining, 0, capacity);
            _updated = at;
        }

        public TimeSpan TimeToToken() => Tokens >= 1 ? TimeSpan.Zero : TimeSpan.FromSeconds((1 - Tokens) / refillPerSecond);

        public void Take() => Tokens -= 1;
    }
}
