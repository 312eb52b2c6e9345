namespace AcrOperator.Sandbox.Arm.Http;

/// <summary>The emulator's log messages.</summary>
internal static partial class ArmLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "ARM emulator failed on {Method} {Path}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Injected {Kind} fault into {Operation}")]
    public static partial void FaultInjected(ILogger logger, Faults.ArmFaultKind kind, string operation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin: fault rule {Id} added")]
    public static partial void FaultAdded(ILogger logger, string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin: {Change}")]
    public static partial void AdminChanged(ILogger logger, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin: service principal {ClientId} added")]
    public static partial void PrincipalAdded(ILogger logger, string clientId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Admin: base image update of task {TaskId}")]
    public static partial void BaseImageUpdated(ILogger logger, string taskId);
}
