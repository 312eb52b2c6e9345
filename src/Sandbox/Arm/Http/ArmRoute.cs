using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Http;

/// <summary>A resolved ARM URL.</summary>
internal sealed record ArmRoute(ArmRouteKind Kind, string SubscriptionId, ArmResourceType? Type)
{
    /// <summary>The resource (Resource, Action, OperationStatus) or the parent of a Collection.</summary>
    public ArmAddress? Address { get; init; }

    public ArmProvider? Provider { get; init; }

    public string? ActionName { get; init; }

    public string? OperationId { get; init; }

    /// <summary>The versions this URL accepts.</summary>
    public IEnumerable<string> ApiVersions => Type?.ApiVersions ?? Provider?.ApiVersions ?? [];
}
