using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>What a credential source needs to check or issue a Registry's credential.</summary>
/// <param name="SlotsInUse">The password slots the Registry's pull Secrets say they hold (from their credential annotation).</param>
/// <param name="Identity">Who the calls to Azure act as: the Registry's credentials.</param>
/// <param name="Reason">Why a new credential is wanted, e.g. <see cref="CredentialRotation.RotationRequested"/>.</param>
public sealed record CredentialRequest(
    Registry Registry,
    ArmRegistryId Id,
    RegistryIdentity Identity,
    string LoginServer,
    PullSecretCredential Mode,
    DateTimeOffset Now,
    bool ObserveOnly,
    IReadOnlySet<string> SlotsInUse,
    string? Reason = null);
