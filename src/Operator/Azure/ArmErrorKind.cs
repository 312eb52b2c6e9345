namespace AcrOperator.Azure;

/// <summary>The one classification of ARM failures that every caller acts on.</summary>
public enum ArmErrorKind
{
    /// <summary>The resource (or its resource group) does not exist.</summary>
    NotFound,

    /// <summary>ARM or the provider throttled the call (429, or a paused subscription); retry after <see cref="ArmError.RetryAfter"/>.</summary>
    Throttled,

    /// <summary>5xx, timeouts, dropped connections, conflicting in-flight operations: retry with back-off.</summary>
    Transient,

    /// <summary>The request itself is wrong or not allowed (validation, name conflicts, authorization): retrying the same request cannot help.</summary>
    Terminal,
}
