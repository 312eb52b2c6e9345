namespace AcrOperator.Sandbox.Arm.Throttling;

/// <summary>A token bucket refilled continuously from the clock. Callers synchronise.</summary>
internal sealed class TokenBucket(int capacity, double refillPerSecond, DateTimeOffset now)
{
    private double tokens = capacity;
    private DateTimeOffset updated = now;

    public int Capacity { get; } = capacity;

    /// <summary>Takes a token if there is one; reports what remains, or how long until the next token.</summary>
    public bool TryTake(DateTimeOffset now, out int remaining, out int retryAfterSeconds)
    {
        tokens = Math.Min(Capacity, tokens + (Math.Max(0, (now - updated).TotalSeconds) * refillPerSecond));
        updated = now;
        if (tokens >= 1)
        {
            tokens -= 1;
            remaining = (int)tokens;
            retryAfterSeconds = 0;
            return true;
        }

        remaining = 0;
        retryAfterSeconds = refillPerSecond > 0 ? Math.Max(1, (int)Math.Ceiling((1 - tokens) / refillPerSecond)) : 60;
        return false;
    }
}
