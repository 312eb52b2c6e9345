namespace AcrOperator.Runtime.Queue;

public sealed class NullWorkQueueMetrics : IWorkQueueMetrics
{
    public static readonly NullWorkQueueMetrics Instance = new();

    private NullWorkQueueMetrics()
    {
    }

    public void Added()
    {
    }

    public void DepthChanged(int depth)
    {
    }

    public void Retried()
    {
    }

    public void Waited(TimeSpan duration)
    {
    }

    public void Processed(TimeSpan duration)
    {
    }
}
