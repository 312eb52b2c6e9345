namespace AcrOperator.Sandbox.Arm;

/// <summary>
/// ARM's per-subscription token buckets (since 2024: reads 250 tokens refilled 25/s, writes 200 refilled 10/s).
/// GET and HEAD take a read token; PUT, PATCH, POST and DELETE a write token.
/// </summary>
public sealed record ArmThrottleOptions
{
    public int ReadCapacity { get; init; } = 250;

    public double ReadRefillPerSecond { get; init; } = 25;

    public int WriteCapacity { get; init; } = 200;

    public double WriteRefillPerSecond { get; init; } = 10;
}
