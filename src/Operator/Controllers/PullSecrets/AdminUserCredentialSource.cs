using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// <c>AdminUser</c>: the registry's admin user (listCredentials). A rotation regenerates the admin password the
/// Secrets do not hold and moves them to it; admin passwords have no expiry, so only a request rotates them.
/// </summary>
public sealed class AdminUserCredentialSource : IPullCredentialSource
{
    private static readonly string[] Slots = ["password", "password2"];
    private readonly IArmRegistryClientFactory _arm;

    public AdminUserCredentialSource(IArmRegistryClientFactory arm) => _arm = arm ?? throw new ArgumentNullException(nameof(arm));

    public PullSecretCredential Mode => PullSecretCredential.AdminUser;

    public async Task<bool> IsCurrentAsync(CredentialRequest request, PullCredential current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(current);
        var credentials = await ListAsync(request, cancellationToken);
        return string.Equals(credentials.Username, current.Username, StringComparison.OrdinalIgnoreCase)
            && credentials.Passwords.Any(p => string.Equals(p.Name, current.Slot, StringComparison.Ordinal) && string.Equals(p.Value, current.Password, StringComparison.Ordinal));
    }

    public async Task<CredentialIssue> IssueAsync(CredentialRequest request, PullCredential? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArmRegistryCredentials credentials;
        string slot;
        if (request.Reason == CredentialRotation.RotationRequested && current?.Slot is { } held)
        {
            if (request.ObserveOnly)
            {
                throw new PullCredentialException(PullSecretConditions.ObserveOnly, "The Registry has reconcile-policy skip, so the operator may not regenerate admin passwords; remove the annotation to rotate.");
            }

            slot = Slots.First(s => s != held);
            var registries = await RegistriesAsync(request, cancellationToken);
            credentials = await Guard(() => registries.RegenerateCredentialAsync(request.Id, slot, cancellationToken));
        }
        else
        {
            credentials = await ListAsync(request, cancellationToken);
            slot = current?.Slot is { } kept && Slots.Contains(kept) ? kept : Slots[0];
        }

        var password = credentials.Passwords.FirstOrDefault(p => p.Name == slot)
            ?? throw new ArmRequestException(new ArmError(ArmErrorKind.Transient, "NoPasswordReturned", $"The admin credentials of {request.Id.Name} have no {slot}.", 200));
        return new CredentialIssue(new PullCredential
        {
            Mode = PullSecretCredential.AdminUser,
            LoginServer = request.LoginServer,
            Username = credentials.Username,
            Password = password.Value,
            Slot = slot,
            IssuedAt = request.Now,
        });
    }

    private async Task<ArmRegistryCredentials> ListAsync(CredentialRequest request, CancellationToken cancellationToken)
    {
        var registries = await RegistriesAsync(request, cancellationToken);
        return await Guard(() => registries.ListCredentialsAsync(request.Id, cancellationToken));
    }

    private async Task<IArmRegistryClient> RegistriesAsync(CredentialRequest request, CancellationToken cancellationToken) =>
        _arm.ClientFor((await request.Identity.ResolveAsync(cancellationToken)).Identity);

    private static async Task<ArmRegistryCredentials> Guard(Func<Task<ArmRegistryCredentials>> call)
    {
        try
        {
            return await call();
        }
        catch (ArmRequestException e) when (e.Error.Code == ArmErrorCodes.UnAuthorizedForCredentialOperations)
        {
            throw new PullCredentialException(PullSecretConditions.AdminUserDisabled, "The registry's admin user is disabled, so credential AdminUser has no password to hand out; set spec.adminUserEnabled: true, or use credential Token.");
        }
    }
}
