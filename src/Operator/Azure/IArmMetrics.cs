namespace AcrOperator.Azure;

/// <summary>What the ARM client reports for metrics; the Observability layer implements it.</summary>
public interface IArmMetrics
{
    /// <summary>One HTTP attempt to ARM finished: <paramref name="status"/> is 0 when no response arrived.</summary>
    void RequestCompleted(string operation, int status, TimeSpan duration);

    /// <summary>A call waited for, or was refused by, a subscription's rate limiter.</summary>
    void RateLimited(string operation, TimeSpan wait);
}
