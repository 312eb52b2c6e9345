namespace AcrOperator.Sandbox.Arm.Faults;

/// <summary>
/// A fault rule. It matches requests by method, resource type and action (each null = any), and fires either
/// with probability <see cref="Rate"/> per matching request, or on the next <see cref="Count"/> matching requests
/// (a script), or both (at most Count times, each with probability Rate). With neither it fires on every match.
/// </summary>
public sealed record ArmFault
{
    /// <summary>Assigned when the rule is added; used to remove it.</summary>
    public string? Id { get; init; }

    public string? Method { get; init; }

    /// <summary>Full type such as <c>Microsoft.ContainerRegistry/registries</c> or <c>Microsoft.Resources/resourceGroups</c>.</summary>
    public string? ResourceType { get; init; }

    /// <summary>Action name such as <c>listCredentials</c> or <c>checkNameAvailability</c>.</summary>
    public string? Action { get; init; }

    public ArmFaultKind Kind { get; init; }

    /// <summary>Status code of an <see cref="ArmFaultKind.Error"/> fault.</summary>
    public int Status { get; init; } = 503;

    public int LatencyMs { get; init; }

    /// <summary><c>Retry-After</c> of 429 and 503 faults.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    public double? Rate { get; init; }

    /// <summary>How many more matching requests the rule fires on; counts down, and the rule is removed at 0.</summary>
    public int? Count { get; init; }
}
