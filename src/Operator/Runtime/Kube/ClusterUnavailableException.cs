namespace AcrOperator.Runtime.Kube;

/// <summary>No usable cluster: no configuration found, or the API server did not answer. The message is one line for a human.</summary>
public sealed class ClusterUnavailableException : Exception
{
    public ClusterUnavailableException()
    {
    }

    public ClusterUnavailableException(string message)
        : base(message)
    {
    }

    public ClusterUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
