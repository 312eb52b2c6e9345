namespace AcrOperator.Runtime.Kube;

public enum PatchType
{
    /// <summary>RFC 7386: objects merge, arrays are replaced. Works on every kind.</summary>
    Merge,

    /// <summary>RFC 6902 operations, with <c>test</c> for precise guarded edits of lists.</summary>
    Json,
}
