namespace AcrOperator.Runtime.LeaderElection;

/// <summary>
/// A lease write lost an optimistic-concurrency race (HTTP 409): someone else wrote the lease since it was
/// read. Expected during elections; the elector re-reads rather than failing.
/// </summary>
public sealed class LeaseConflictException : Exception
{
    public LeaseConflictException()
    {
    }

    public LeaseConflictException(string message)
        : base(message)
    {
    }

    public LeaseConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
