namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>
/// What the Go types say about one list field: the strategic-merge tags (patchStrategy/patchMergeKey) and the
/// server-side-apply tags (listType/listMapKey). The two are separate in Kubernetes and can disagree.
/// </summary>
internal sealed record ListRule(bool SmpMerge, string? SmpMergeKey, ListType SsaType, IReadOnlyList<string> SsaKeys)
{
    /// <summary>The default for a list with no tags: strategic merge replaces it, apply treats it as atomic.</summary>
    public static readonly ListRule Atomic = new(false, null, ListType.Atomic, []);
}
