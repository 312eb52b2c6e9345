namespace AcrOperator.Azure;

/// <summary>The registry data plane's token exchange: an Entra ID access token in, an ACR refresh token out.</summary>
public interface IAcrTokenExchange
{
    /// <summary>
    /// Exchanges <paramref name="identity"/>'s Entra ID token at <c>https://{loginServer}/oauth2/exchange</c> (through
    /// the configured data-plane endpoint). Failures throw <see cref="ArmRequestException"/>, classified like ARM's.
    /// </summary>
    Task<AcrRefreshToken> ExchangeAsync(string loginServer, AzureIdentity identity, CancellationToken cancellationToken);
}
