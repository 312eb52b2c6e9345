namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>What changed between two versions of an object (structured-merge-diff typed.Comparison).</summary>
internal sealed record FieldComparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    public FieldSet Changed => Added.Union(Modified);

    public FieldComparison Where(Func<IReadOnlyList<string>, bool> keep) => new(Added.Where(keep), Modified.Where(keep), Removed.Where(keep));
}
