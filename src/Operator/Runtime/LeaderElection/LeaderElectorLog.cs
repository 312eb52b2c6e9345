namespace AcrOperator.Runtime.LeaderElection;

internal static partial class LeaderElectorLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Attempting to acquire lease {LeaseNamespace}/{LeaseName} as {Identity}")]
    public static partial void Campaigning(this ILogger logger, string leaseNamespace, string leaseName, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Acquired lease {LeaseNamespace}/{LeaseName} as {Identity}")]
    public static partial void LeaseAcquired(this ILogger logger, string leaseNamespace, string leaseName, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lease {LeaseNamespace}/{LeaseName} is held by {Holder}")]
    public static partial void LeaderObserved(this ILogger logger, string leaseNamespace, string leaseName, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read or write lease {LeaseNamespace}/{LeaseName} while trying to acquire it")]
    public static partial void AcquireFailed(this ILogger logger, Exception exception, string leaseNamespace, string leaseName);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Lease {LeaseNamespace}/{LeaseName} changed since it was read; re-reading")]
    public static partial void LeaseConflict(this ILogger logger, string leaseNamespace, string leaseName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed to renew lease {LeaseNamespace}/{LeaseName}; retrying until the renew deadline")]
    public static partial void RenewFailed(this ILogger logger, Exception exception, string leaseNamespace, string leaseName);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost lease {LeaseNamespace}/{LeaseName}: not renewed within the renew deadline {RenewDeadline}")]
    public static partial void LostRenewDeadline(this ILogger logger, string leaseNamespace, string leaseName, TimeSpan renewDeadline);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost lease {LeaseNamespace}/{LeaseName}: it is now held by {Holder}")]
    public static partial void LostToOtherHolder(this ILogger logger, string leaseNamespace, string leaseName, string? holder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released lease {LeaseNamespace}/{LeaseName}")]
    public static partial void LeaseReleased(this ILogger logger, string leaseNamespace, string leaseName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed to release lease {LeaseNamespace}/{LeaseName}; other replicas take over when it expires")]
    public static partial void ReleaseFailed(this ILogger logger, Exception exception, string leaseNamespace, string leaseName);
}
