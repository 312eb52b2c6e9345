namespace AcrOperator.Azure;

/// <summary>A failed ARM call, carrying its classification. The message holds ARM's code and message only.</summary>
public sealed class ArmRequestException : Exception
{
    public ArmRequestException()
        : this(new ArmError(ArmErrorKind.Transient, ArmErrorCodes.NoResponse, "The ARM request failed.", 0))
    {
    }

    public ArmRequestException(string message)
        : this(new ArmError(ArmErrorKind.Transient, ArmErrorCodes.NoResponse, message, 0))
    {
    }

    public ArmRequestException(string message, Exception innerException)
        : this(new ArmError(ArmErrorKind.Transient, ArmErrorCodes.NoResponse, message, 0), innerException)
    {
    }

    public ArmRequestException(ArmError error, Exception? innerException = null)
        : base((error ?? throw new ArgumentNullException(nameof(error))).ToString(), innerException) => Error = error;

    public ArmError Error { get; }

    public ArmErrorKind Kind => Error.Kind;
}
