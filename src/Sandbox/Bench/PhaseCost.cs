using System.Globalization;

namespace AcrOperator.Sandbox.Bench;

/// <summary>
/// What a phase cost the process (server and client together): CPU time, bytes allocated and collections. On a machine
/// shared with other work these move less than the rates do, so they show whether a change made the work cheaper.
/// </summary>
internal readonly record struct PhaseCost(TimeSpan Cpu, long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Paused)
{
    public static PhaseCost Start() => Now();

    /// <summary>The cost since <see cref="Start"/>.</summary>
    public PhaseCost Stop()
    {
        var now = Now();
        return new PhaseCost(now.Cpu - Cpu, now.Allocated - Allocated, now.Gen0 - Gen0, now.Gen1 - Gen1, now.Gen2 - Gen2, now.Paused - Paused);
    }

    public string Describe(int requests)
    {
        var perRequest = Math.Max(1, requests);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"cost per request: cpu {Cpu.TotalMicroseconds / perRequest:0} us, allocated {Allocated / 1024.0 / perRequest:0.0} KiB; collections gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2}, paused {Paused.TotalMilliseconds:0} ms");
    }

    private static PhaseCost Now() => new(
        Environment.CpuUsage.TotalTime, GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
}
