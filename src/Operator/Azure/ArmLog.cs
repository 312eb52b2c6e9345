namespace AcrOperator.Azure;

internal static partial class ArmLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "ARM {Operation} {Method} {Path} answered {Status} in {DurationMs} ms")]
    public static partial void Answered(this ILogger logger, string operation, string method, string path, int status, double durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ARM throttled {Operation} on subscription {SubscriptionId}; pausing the subscription for {RetryAfter}")]
    public static partial void Throttled(this ILogger logger, string operation, string subscriptionId, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Information, Message = "ARM {Operation} failed: {Kind} {Status} {Code} (request {RequestId})")]
    public static partial void Failed(this ILogger logger, string operation, ArmErrorKind kind, int status, string code, string? requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "ARM {Operation} on {ResourceId} started as {Kind} operation")]
    public static partial void OperationStarted(this ILogger logger, string operation, string resourceId, ArmOperationKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "ARM {Method} operation on {ResourceId} ended {State}")]
    public static partial void OperationEnded(this ILogger logger, string method, string resourceId, ArmOperationState state);
}
