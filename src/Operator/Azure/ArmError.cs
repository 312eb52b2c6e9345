namespace AcrOperator.Azure;

/// <summary>
/// A classified ARM failure, from an error response, an operation's failed status, or a request that got no
/// response (<see cref="Status"/> 0). Messages are ARM's own; this client never adds request bodies or tokens.
/// </summary>
public sealed record ArmError(ArmErrorKind Kind, string Code, string Message, int Status, string? Target = null, string? RequestId = null, TimeSpan? RetryAfter = null)
{
    /// <summary>Whether the error is a name that is taken or disallowed (globally unique registry names).</summary>
    public bool IsNameConflict =>
        Code is ArmErrorCodes.NameNotAvailable or ArmErrorCodes.AlreadyInUse or ArmErrorCodes.RegistryNameInUse
        || (Status == 409 && Code.Contains("Name", StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{Kind} {Status} {Code}: {Message}{(RequestId is null ? "" : $" (request {RequestId})")}";
}
