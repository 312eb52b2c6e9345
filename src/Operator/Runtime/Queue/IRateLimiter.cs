namespace AcrOperator.Runtime.Queue;

/// <summary>Decides how long a key waits before its next retry.</summary>
public interface IRateLimiter<in TKey>
    where TKey : notnull
{
    /// <summary>The delay before the key's next attempt; each call counts as one more failure.</summary>
    TimeSpan NextDelay(TKey key);

    /// <summary>Clears the key's failure history after a success.</summary>
    void Forget(TKey key);

    /// <summary>How many times the key has been retried since it was last forgotten.</summary>
    int Retries(TKey key);
}
