namespace AcrOperator.Controllers.PullSecrets;

/// <summary>A credential cannot be had until a human changes something (admin user disabled, token disabled); the message says what.</summary>
public sealed class PullCredentialException : Exception
{
    public PullCredentialException()
        : this(PullSecretConditions.CredentialFailed, "The pull-secret credential cannot be issued.")
    {
    }

    public PullCredentialException(string message)
        : this(PullSecretConditions.CredentialFailed, message)
    {
    }

    public PullCredentialException(string message, Exception innerException)
        : base(message, innerException) => Reason = PullSecretConditions.CredentialFailed;

    public PullCredentialException(string reason, string message)
        : base(message) => Reason = reason;

    /// <summary>The condition reason, e.g. <see cref="PullSecretConditions.AdminUserDisabled"/>.</summary>
    public string Reason { get; }
}
