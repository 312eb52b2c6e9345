using System.ComponentModel.DataAnnotations;

namespace AcrOperator.Azure;

/// <summary>ARM's per-subscription token buckets as documented since 2024 (reads 250 at 25/s, writes 200 at 10/s).</summary>
public sealed class ArmRateLimitOptions
{
    [Range(1, 100_000)]
    public int ReadCapacity { get; set; } = 250;

    [Range(0.01, 10_000)]
    public double ReadRefillPerSecond { get; set; } = 25;

    [Range(1, 100_000)]
    public int WriteCapacity { get; set; } = 200;

    [Range(0.01, 10_000)]
    public double WriteRefillPerSecond { get; set; } = 10;
}
