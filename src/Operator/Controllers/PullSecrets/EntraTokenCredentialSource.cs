using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// <c>EntraToken</c>: the Entra ID token of the Registry's identity (the operator's own unless its credentials name
/// another) exchanged at the registry's <c>/oauth2/exchange</c> for an ACR
/// refresh token, once per Registry (never per namespace), and exchanged again from the token's own <c>exp</c>. The old
/// refresh token stays valid until it expires, so a renewal needs no slots.
/// </summary>
public sealed class EntraTokenCredentialSource : IPullCredentialSource
{
    private readonly IAcrTokenExchange _exchange;

    public EntraTokenCredentialSource(IAcrTokenExchange exchange) => _exchange = exchange ?? throw new ArgumentNullException(nameof(exchange));

    public PullSecretCredential Mode => PullSecretCredential.EntraToken;

    /// <summary>A refresh token cannot be checked without spending one at the registry; its expiry alone decides.</summary>
    public Task<bool> IsCurrentAsync(CredentialRequest request, PullCredential current, CancellationToken cancellationToken) => Task.FromResult(true);

    public async Task<CredentialIssue> IssueAsync(CredentialRequest request, PullCredential? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var identity = (await request.Identity.ResolveAsync(cancellationToken)).Identity;
        var refresh = await _exchange.ExchangeAsync(request.LoginServer, identity, cancellationToken);
        return new CredentialIssue(new PullCredential
        {
            Mode = PullSecretCredential.EntraToken,
            LoginServer = request.LoginServer,
            Username = AcrRefreshToken.Username,
            Password = refresh.Value,
            IssuedAt = refresh.IssuedAt,
            ExpiresAt = refresh.ExpiresAt,
        });
    }
}
