namespace AcrOperator.Observability;

internal static partial class StartupLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to Kubernetes {Version} at {Server}")]
    public static partial void Connected(this ILogger logger, string? version, Uri server);
}
