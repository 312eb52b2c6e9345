using System.Diagnostics;
using System.Globalization;

namespace AcrOperator.Sandbox.Bench;

/// <summary>Latencies in Stopwatch ticks, summarised as percentiles in milliseconds.</summary>
internal sealed class LatencySamples
{
    private readonly List<long> ticks = [];

    public int Count => ticks.Count;

    public void Add(long elapsedTicks) => ticks.Add(elapsedTicks);

    public void AddRange(LatencySamples other) => ticks.AddRange(other.ticks);

    /// <summary>"p50 1.20 ms  p99 4.50 ms  max 9.00 ms" (max only when asked).</summary>
    public string Summary(bool withMax = false)
    {
        if (ticks.Count == 0)
        {
            return "no samples";
        }

        ticks.Sort();
        var text = $"p50 {Milliseconds(Percentile(0.50))} ms  p99 {Milliseconds(Percentile(0.99))} ms";
        return withMax ? text + $"  max {Milliseconds(ticks[^1])} ms" : text;
    }

    /// <summary>The <paramref name="p"/> percentile (0..1) in Stopwatch ticks.</summary>
    public long Percentile(double p)
    {
        ticks.Sort();
        return ticks[Math.Min(ticks.Count - 1, (int)Math.Ceiling(p * ticks.Count) - 1)];
    }

    private static string Milliseconds(long elapsedTicks) =>
        (elapsedTicks * 1000.0 / Stopwatch.Frequency).ToString("0.00", CultureInfo.InvariantCulture);
}
