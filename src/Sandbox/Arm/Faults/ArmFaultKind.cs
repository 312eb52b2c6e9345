namespace AcrOperator.Sandbox.Arm.Faults;

/// <summary>What an injected fault does to a matching request.</summary>
public enum ArmFaultKind
{
    /// <summary>Delays the request by <see cref="ArmFault.LatencyMs"/>, then serves it normally.</summary>
    Latency,

    /// <summary>429 with <c>Retry-After</c> and ARM's throttling body.</summary>
    Throttle,

    /// <summary>An error status (<see cref="ArmFault.Status"/>, 500 or 503) with an ARM error body.</summary>
    Error,

    /// <summary>Aborts the connection without a response.</summary>
    Drop,

    /// <summary>
    /// Serves the request (its effect happens), then aborts the connection instead of answering: a reply lost on the way
    /// back, after which the caller cannot know whether its write took place.
    /// </summary>
    LoseResponse,
}
