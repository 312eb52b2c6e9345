namespace AcrOperator.Controllers;

/// <summary>
/// A resource's credentials cannot be used: the Secret it names is missing, or its keys are. <see cref="Reason"/> is
/// the condition reason; the message says which Secret and key, and what to do, and never holds a secret value.
/// </summary>
public sealed class CredentialsException : Exception
{
    public CredentialsException()
        : this(AzureCredentialsResolver.InvalidCredentials, "The Azure credentials cannot be used.")
    {
    }

    public CredentialsException(string message)
        : this(AzureCredentialsResolver.InvalidCredentials, message)
    {
    }

    public CredentialsException(string message, Exception innerException)
        : base(message, innerException) => Reason = AzureCredentialsResolver.InvalidCredentials;

    public CredentialsException(string reason, string message)
        : base(message) => Reason = reason;

    /// <summary><see cref="AzureCredentialsResolver.CredentialsNotFound"/> or <see cref="AzureCredentialsResolver.InvalidCredentials"/>.</summary>
    public string Reason { get; }
}
