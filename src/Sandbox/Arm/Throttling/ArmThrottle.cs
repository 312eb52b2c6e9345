namespace AcrOperator.Sandbox.Arm.Throttling;

/// <summary>Read and write token buckets per subscription, as ARM keeps them; reconfigurable at run time.</summary>
internal sealed class ArmThrottle(ArmThrottleOptions? options, TimeProvider clock)
{
    private readonly Dictionary<(string Subscription, bool Write), TokenBucket> buckets = [];
    private readonly Lock gate = new();
    private ArmThrottleOptions? options = options;

    public void Configure(ArmThrottleOptions? value)
    {
        lock (gate)
        {
            options = value;
            buckets.Clear();
        }
    }

    /// <summary>Takes a token; false (with the wait and the bucket's limit) when the subscription's bucket is empty.</summary>
    public bool TryTake(string subscription, bool write, out int remaining, out int retryAfterSeconds, out int limit)
    {
        lock (gate)
        {
            if (options is not { } current)
            {
                // Unthrottled: report ARM's legacy hourly budgets, which clients only display.
                remaining = write ? 1199 : 11999;
                retryAfterSeconds = 0;
                limit = remaining + 1;
                return true;
            }

            var key = (subscription.ToUpperInvariant(), write);
            if (!buckets.TryGetValue(key, out var bucket))
            {
                bucket = write
                    ? new TokenBucket(current.WriteCapacity, current.WriteRefillPerSecond, clock.GetUtcNow())
                    : new TokenBucket(current.ReadCapacity, current.ReadRefillPerSecond, clock.GetUtcNow());
                buckets[key] = bucket;
            }

            limit = bucket.Capacity;
            return bucket.TryTake(clock.GetUtcNow(), out remaining, out retryAfterSeconds);
        }
    }
}
