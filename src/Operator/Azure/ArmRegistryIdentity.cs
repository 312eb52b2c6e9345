namespace AcrOperator.Azure;

/// <summary>
/// The registry's managed identity: <c>Type</c> is <c>None</c>, <c>SystemAssigned</c>, <c>UserAssigned</c> or
/// <c>SystemAssigned, UserAssigned</c>; principal and tenant are read-only and only come back from Azure.
/// </summary>
public sealed record ArmRegistryIdentity(string Type, IReadOnlyList<string> UserAssignedIdentities, string? PrincipalId = null, string? TenantId = null);
