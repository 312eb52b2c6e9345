namespace AcrOperator.Runtime.Queue;

/// <summary>What a work queue reports; the Prometheus implementation uses client-go's metric names.</summary>
public interface IWorkQueueMetrics
{
    void Added();

    void DepthChanged(int depth);

    void Retried();

    /// <summary>Time a key spent queued before a worker took it.</summary>
    void Waited(TimeSpan duration);

    /// <summary>Time a worker spent on a key.</summary>
    void Processed(TimeSpan duration);
}
