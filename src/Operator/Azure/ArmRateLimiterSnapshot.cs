namespace AcrOperator.Azure;

/// <summary>One subscription's limiter at a moment, for metrics and diagnostics.</summary>
public sealed record ArmRateLimiterSnapshot(
    string SubscriptionId,
    long Calls,
    long Throttled,
    long Waits,
    double ReadsRemaining,
    double WritesRemaining,
    DateTimeOffset? PausedUntil);
