namespace AcrOperator.Controllers.PullSecrets;

/// <summary>The credential Secret as a pass sees it: its content (null when unreadable) and the version to guard writes with.</summary>
public sealed record StoredCredential(PullCredential? Credential, string? ResourceVersion);
