using AcrOperator.Api.V1Alpha1;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// Where one kind of credential comes from. Sources only talk to Azure; when to issue, and keeping the result, is
/// <see cref="CredentialRotation"/>'s job. Azure failures throw <see cref="Azure.ArmRequestException"/>; states that
/// need a human throw <see cref="PullCredentialException"/>.
/// </summary>
public interface IPullCredentialSource
{
    PullSecretCredential Mode { get; }

    /// <summary>Whether <paramref name="current"/> still works as Azure sees it (not regenerated, disabled or deleted outside the operator).</summary>
    Task<bool> IsCurrentAsync(CredentialRequest request, PullCredential current, CancellationToken cancellationToken);

    /// <summary>
    /// A new credential. <paramref name="current"/> is the one the pull Secrets hold now (same mode), whose password
    /// slot must keep working: a rotation generates the other slot.
    /// </summary>
    Task<CredentialIssue> IssueAsync(CredentialRequest request, PullCredential? current, CancellationToken cancellationToken);
}
