using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// <c>Token</c>: one repository-scoped ACR token per Registry, on the pull-only system scope map, named by the
/// Registry's UID. A rotation generates the password slot the pull Secrets do not hold, with an expiry, so the
/// slot they hold keeps working until every Secret has the new one.
/// </summary>
public sealed class TokenCredentialSource : IPullCredentialSource
{
    public static readonly string[] Slots = ["password1", "password2"];

    private readonly IArmRegistryClientFactory _arm;
    private readonly PullSecretOptions _options;

    public TokenCredentialSource(IArmRegistryClientFactory arm, PullSecretOptions options)
    {
        _arm = arm ?? throw new ArgumentNullException(nameof(arm));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public PullSecretCredential Mode => PullSecretCredential.Token;

    public async Task<bool> IsCurrentAsync(CredentialRequest request, PullCredential current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(current);
        var tokens = await TokensAsync(request, cancellationToken);
        var token = await tokens.GetTokenAsync(request.Id, PullSecretResources.TokenName(request.Registry.Metadata.Uid), cancellationToken);
        if (token is { IsEnabled: false })
        {
            throw Disabled(token);
        }

        // A slot regenerated outside the operator (az acr token credential generate) has a new expiry; its old value is dead.
        return token is not null
            && string.Equals(token.Name, current.Username, StringComparison.OrdinalIgnoreCase)
            && current.Slot is { } slot
            && token.Password(slot)?.Expiry?.ToUnixTimeSeconds() == current.ExpiresAt?.ToUnixTimeSeconds();
    }

    public async Task<CredentialIssue> IssueAsync(CredentialRequest request, PullCredential? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ObserveOnly)
        {
            throw new PullCredentialException(PullSecretConditions.ObserveOnly, "The Registry has reconcile-policy skip, so the operator may not create or rotate an ACR token; use credential AdminUser or EntraToken, or remove the annotation.");
        }

        var tokens = await TokensAsync(request, cancellationToken);
        var name = PullSecretResources.TokenName(request.Registry.Metadata.Uid);
        var token = await tokens.GetTokenAsync(request.Id, name, cancellationToken);
        if (token is null)
        {
            var scopeMap = await tokens.GetScopeMapAsync(request.Id, PullSecretResources.PullScopeMap, cancellationToken)
                ?? throw new PullCredentialException(PullSecretConditions.CredentialFailed, $"Registry {request.Id.Name} has no {PullSecretResources.PullScopeMap} scope map to bind a pull token to.");
            var created = await tokens.BeginCreateTokenAsync(request.Id, name, scopeMap.Id, cancellationToken);
            if (created.State == ArmOperationState.InProgress || created.Resource is null)
            {
                return CredentialIssue.Pending(created.RetryAfter ?? TimeSpan.FromSeconds(1), $"Creating the pull token {name} in Azure.");
            }

            token = created.Resource;
        }

        switch (token.ProvisioningState)
        {
            case "Failed" or "Canceled":
                throw new PullCredentialException(PullSecretConditions.CredentialFailed, $"The pull token {name} is in provisioning state {token.ProvisioningState}; delete it in Azure and the operator creates it again.");
            case not null and not "Succeeded":
                return CredentialIssue.Pending(TimeSpan.FromSeconds(1), $"The pull token {name} is {token.ProvisioningState} in Azure.");
        }

        if (!token.IsEnabled)
        {
            throw Disabled(token);
        }

        var slot = SlotToGenerate(token, current, request.SlotsInUse);
        var expiry = request.Now + _options.TokenPasswordLifetime;
        var generated = await tokens.GenerateCredentialsAsync(request.Id, token.Id, slot, expiry, cancellationToken);
        var password = generated.Passwords.FirstOrDefault(p => string.Equals(p.Name, slot, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArmRequestException(new ArmError(ArmErrorKind.Transient, "NoPasswordReturned", $"generateCredentials returned no {slot} for token {name}.", 200));
        return new CredentialIssue(new PullCredential
        {
            Mode = PullSecretCredential.Token,
            LoginServer = request.LoginServer,
            Username = string.IsNullOrEmpty(generated.Username) ? token.Name : generated.Username,
            Password = password.Value,
            Slot = slot,
            IssuedAt = request.Now,
            ExpiresAt = password.Expiry ?? expiry,
        });
    }

    /// <summary>
    /// The slot the Secrets do not hold: the other one than the current credential's; without a current one (first
    /// issue, or its record lost), one no pull Secret names, else the one fewer Secrets name.
    /// </summary>
    private static string SlotToGenerate(ArmToken token, PullCredential? current, IReadOnlySet<string> slotsInUse)
    {
        if (current is { Slot: { } held } && string.Equals(current.Username, token.Name, StringComparison.OrdinalIgnoreCase))
        {
            return Slots.First(s => !string.Equals(s, held, StringComparison.OrdinalIgnoreCase));
        }

        return Slots.FirstOrDefault(s => !slotsInUse.Contains(s)) ?? Slots.OrderBy(s => token.Password(s)?.CreationTime ?? DateTimeOffset.MinValue).First();
    }

    private async Task<IArmTokenClient> TokensAsync(CredentialRequest request, CancellationToken cancellationToken) =>
        _arm.TokensFor((await request.Identity.ResolveAsync(cancellationToken)).Identity);

    private static PullCredentialException Disabled(ArmToken token) =>
        new(PullSecretConditions.TokenDisabled, $"The pull token {token.Name} is disabled in Azure, so the registry refuses its passwords; enable it (az acr token update --status enabled) or delete it for the operator to create a new one.");
}
