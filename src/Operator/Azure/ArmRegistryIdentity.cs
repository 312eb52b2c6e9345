namespace AcrOperator.Azure;

/// <summary>
/// The registry's managed identity: <c>Type</c> is <c>None</c>, <c>SystemAssigned</c>, <c>UserAssigned</c> or
/// <c>SystemAssigned, UserAssigned</c>; principal and tenant are read-only and only come back from Azure.
/// <see cref="UserAssignedIdentities"/> are ARM ids; in a PATCH, <see cref="RemovedUserAssignedIdentities"/> go out as
/// null entries, which is how ARM detaches a user-assigned identity (a PUT must not carry them).
/// </summary>
public sealed record ArmRegistryIdentity(string Type, IReadOnlyList<string> UserAssignedIdentities, string? PrincipalId = null, string? TenantId = null)
{
    public IReadOnlyList<string> RemovedUserAssignedIdentities { get; init; } = [];
}
