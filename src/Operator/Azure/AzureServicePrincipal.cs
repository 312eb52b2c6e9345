namespace AcrOperator.Azure;

/// <summary>
/// An identity given explicitly rather than the operator's own: what a <c>credentialsRef</c> Secret holds
/// (tenant, client id, and a client secret or, for workload identity, the operator's federated token file).
/// <see cref="ToString"/> never shows the secret.
/// </summary>
public sealed record AzureServicePrincipal(string TenantId, string ClientId, string? ClientSecret = null, string? FederatedTokenFile = null)
{
    public override string ToString() => $"AzureServicePrincipal {{ TenantId = {TenantId}, ClientId = {ClientId}, Secret = {(ClientSecret is null ? "none" : "***")}, FederatedTokenFile = {FederatedTokenFile ?? "none"} }}";
}
