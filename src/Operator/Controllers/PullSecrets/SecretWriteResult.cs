namespace AcrOperator.Controllers.PullSecrets;

/// <summary>What became of one namespace's pull Secret in a pass.</summary>
public enum SecretWriteResult
{
    /// <summary>It already held the credential: nothing was sent.</summary>
    Unchanged,

    Created,

    Updated,

    /// <summary>A Secret of that name exists that is not this Registry's: left alone and reported.</summary>
    Conflict,

    /// <summary>The namespace is gone or being terminated.</summary>
    NamespaceUnavailable,

    /// <summary>The Secret changed since the cache saw it (409): the next pass, from a fresher cache, tries again.</summary>
    Stale,
}
