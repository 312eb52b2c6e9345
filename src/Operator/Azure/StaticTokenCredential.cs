using Azure.Core;

namespace AcrOperator.Azure;

/// <summary>A fixed bearer token: what the sandbox's ARM emulator accepts (it checks presence, not signature).</summary>
public sealed class StaticTokenCredential(string token, TimeProvider time) : TokenCredential
{
    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(token, time.GetUtcNow().AddHours(1));

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
