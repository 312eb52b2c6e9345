namespace AcrOperator.Controllers.PullSecrets;

/// <summary>What became of one ServiceAccount's entry in a pass.</summary>
public enum ServiceAccountResult
{
    /// <summary>The entry is there and recorded as the operator's: nothing was sent.</summary>
    Unchanged,

    Patched,

    /// <summary>The entry is there but someone else put it there: left alone, and never removed by the operator.</summary>
    ForeignEntry,

    /// <summary>No such ServiceAccount (yet).</summary>
    Missing,

    /// <summary>It changed since it was read (409): the next pass tries again.</summary>
    Stale,
}
