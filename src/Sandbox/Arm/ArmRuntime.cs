using AcrOperator.Sandbox.Arm.Diagnostics;
using AcrOperator.Sandbox.Arm.Entra;
using AcrOperator.Sandbox.Arm.Faults;
using AcrOperator.Sandbox.Arm.Operations;
using AcrOperator.Sandbox.Arm.Resources;
using AcrOperator.Sandbox.Arm.Throttling;

namespace AcrOperator.Sandbox.Arm;

/// <summary>Everything one emulator instance shares between requests.</summary>
internal sealed class ArmRuntime(ArmServerOptions options, IEnumerable<ArmProvider> providers)
{
    public ArmServerOptions Options { get; } = options;

    public TimeProvider TimeProvider => Options.TimeProvider;

    public ArmStore Store { get; } = new();

    public LongRunningOperations Operations { get; } = new();

    public ArmCompletionSettings Completion { get; } = new(options);

    public ArmFaultInjector Faults { get; } = new(options.FaultSeed);

    public ArmRequestLog RequestLog { get; } = new(options.RequestLogCapacity);

    public ArmThrottle Throttle { get; } = new(options.Throttling, options.TimeProvider);

    public EntraDirectory Entra { get; } = new();

    public IReadOnlyDictionary<string, ArmProvider> Providers { get; } =
        providers.ToDictionary(p => p.Namespace, StringComparer.OrdinalIgnoreCase);
}
