namespace AcrOperator.Controllers;

/// <summary>The log lines of a reconcile pass of any Azure-backed kind; never with spec values, which may be secret.</summary>
internal static partial class AzurePassLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "{Action} {Kind} {ResourceId}")]
    public static partial void Writing(ILogger logger, string action, string kind, string resourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updating {Kind} {ResourceId}: {Fields}")]
    public static partial void Updating(ILogger logger, string kind, string resourceId, string fields);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Kind} reconcile failed ({Reason}): {Message}")]
    public static partial void Failed(ILogger logger, string kind, string reason, string message);
}
