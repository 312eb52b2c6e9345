using System.Diagnostics;
using System.Globalization;
using static AcrOperator.Sandbox.SandboxEnvironment;

namespace AcrOperator.Sandbox.Bench;

/// <summary>What the operator benchmarks print alike: one figure per line with its target and PASS or MISS, and the operator's peak RSS.</summary>
internal static class BenchFigures
{
    private static readonly string[] ResidentFields = ["RssAnon", "RssFile", "RssShmem"];

    public static void Line(string what, string value, string target, bool pass) =>
        Say($"{what,-40} {value,12}   target {target,-20} {(pass ? "PASS" : "MISS")}");

    /// <summary>The machine's 1-minute load average (from /proc/loadavg), which says how far shared cores skew the figures.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>The process's peak resident set (VmHWM of /proc/PID/status) in MiB, or null where there is no procfs.</summary>
    public static double? PeakRssMiB(Process process) => StatusMiB(process, "VmHWM");

    /// <summary>
    /// Where the resident set is now: anonymous memory (heaps), mapped files (assemblies, native libraries) and shared
    /// memory (the runtime's double-mapped code under W^X); empty where there is no procfs.
    /// </summary>
    public static string ResidentBreakdown(Process process)
    {
        var parts = ResidentFields.Select(f => StatusMiB(process, f) is { } v ? $"{f} {v:F1} MiB" : null).OfType<string>().ToList();
        return parts.Count == 0 ? string.Empty : string.Join(", ", parts);
    }

    private static double? StatusMiB(Process process, string field)
    {
        ArgumentNullException.ThrowIfNull(process);
        var path = $"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status";
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        var kb = line?[(field.Length + 1)..].Trim().Split(' ')[0];
        return long.TryParse(kb, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value / 1024.0 : null;
    }
}
