namespace AcrOperator.Sandbox.Arm.Entra;

/// <summary>
/// A service principal of the emulated Entra ID, as an administrator sees it (never its secrets): the tenant, the
/// application (client) id callers sign in with, the object id ARM reports in errors, and the scopes on which it
/// holds a Contributor-like role.
/// </summary>
public sealed record EntraPrincipal(string TenantId, string ClientId, string ObjectId, IReadOnlyList<string> Scopes, IReadOnlyList<EntraFederatedCredential> FederatedCredentials);
