using AcrOperator.Runtime;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// What the controller remembers of one Registry between passes, in memory only (a restart starts afresh, at the cost
/// of a few reads): when the credential was last checked against Azure, which namespaces hold a foreign Secret, which
/// named ServiceAccounts did not exist yet. One key is reconciled by one worker at a time, so it needs no locking.
/// </summary>
internal sealed class RegistryPullState
{
    /// <summary>When the credential was last compared with what Azure has.</summary>
    public DateTimeOffset? VerifiedAt { get; set; }

    /// <summary>Namespaces holding a same-named Secret that is not the operator's, and when to try again.</summary>
    public Dictionary<string, DateTimeOffset> Conflicts { get; } = new(StringComparer.Ordinal);

    /// <summary>Conflicts already announced with an Event, so a retry does not announce them again.</summary>
    public HashSet<string> ReportedConflicts { get; } = new(StringComparer.Ordinal);

    /// <summary>ServiceAccounts (namespace/name) not in the cache that need reading again, when, and the current backoff.</summary>
    public Dictionary<ObjectKey, (DateTimeOffset Next, TimeSpan Backoff)> AccountChecks { get; } = [];

    public DateTimeOffset? LastStatusWrite { get; set; }

    /// <summary>The reason last reported with a Warning Event, so a persisting problem is announced once.</summary>
    public string? LastProblem { get; set; }
}
