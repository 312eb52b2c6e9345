namespace AcrOperator.Azure;

/// <summary>
/// A registry's scope maps and repository-scoped tokens (<c>registries/scopeMaps</c>, <c>registries/tokens</c>,
/// <c>generateCredentials</c>). Writes return at once, as <see cref="IArmRegistryClient"/>'s do: a token still being
/// provisioned is read again later rather than waited for. Failures throw <see cref="ArmRequestException"/>.
/// </summary>
public interface IArmTokenClient
{
    /// <summary>The scope map, or null when it (or its registry) does not exist.</summary>
    Task<ArmScopeMap?> GetScopeMapAsync(ArmRegistryId registry, string name, CancellationToken cancellationToken);

    /// <summary>The token, or null when it (or its registry) does not exist.</summary>
    Task<ArmToken?> GetTokenAsync(ArmRegistryId registry, string name, CancellationToken cancellationToken);

    /// <summary>Creates (or replaces) an enabled token bound to <paramref name="scopeMapId"/>, with no passwords yet.</summary>
    Task<ArmPollResult<ArmToken>> BeginCreateTokenAsync(ArmRegistryId registry, string name, string scopeMapId, CancellationToken cancellationToken);

    /// <summary>Deletes the token; one already gone counts as deleted.</summary>
    Task<ArmPollResult<ArmToken>> BeginDeleteTokenAsync(ArmRegistryId registry, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Generates a new value for one password (<c>password1</c> or <c>password2</c>) of the token, expiring at
    /// <paramref name="expiry"/>; the token's other password is untouched and keeps working. The value is returned
    /// only here, once.
    /// </summary>
    Task<ArmRegistryCredentials> GenerateCredentialsAsync(ArmRegistryId registry, string tokenId, string passwordName, DateTimeOffset? expiry, CancellationToken cancellationToken);
}
