namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// The credential a pass fans out (null while Azure prepares one), the record it is stored in, why it was issued
/// when it is new this pass, and when the credential needs looking at again.
/// </summary>
public sealed record CredentialOutcome(PullCredential? Credential, StoredCredential? Stored, string? IssuedBecause, DateTimeOffset? NextReview, string? Waiting = null);
