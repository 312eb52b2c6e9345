namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// The pull-secret controller's condition on the Registry, and its reasons. It is a type of its own so that it and the
/// Registry controller's Ready/Reconciling/Stalled never overwrite each other (the StatusWriter merges conditions by type).
/// </summary>
public static class PullSecretConditions
{
    public const string PullSecretsReady = "PullSecretsReady";

    public const string Served = "Served";
    public const string WaitingForRegistry = "WaitingForRegistry";
    public const string NamespaceNotTrusted = "NamespaceNotTrusted";
    public const string InvalidSelector = "InvalidSelector";
    public const string SecretConflict = "SecretConflict";
    public const string AdminUserDisabled = "AdminUserDisabled";
    public const string TokenDisabled = "TokenDisabled";
    public const string ObserveOnly = "ObserveOnly";
    public const string ProvisioningToken = "ProvisioningToken";
    public const string CredentialFailed = "CredentialFailed";
    public const string Throttled = "Throttled";
    public const string WriteFailed = "WriteFailed";
    public const string CredentialRotated = "CredentialRotated";
    public const string Cleanup = "PullSecretsRemoved";
}
