using AcrOperator.Sandbox.Diagnostics;

namespace AcrOperator.Sandbox.Arm.Diagnostics;

/// <summary>The requests served on ARM routes, so tests and benchmarks can count calls.</summary>
public sealed class ArmRequestLog : RequestLog<ArmRequestLogEntry>
{
    internal ArmRequestLog(int capacity)
        : base(capacity)
    {
    }
}
