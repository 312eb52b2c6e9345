namespace AcrOperator.Runtime.Kube;

/// <summary>Server-side filters for list and watch.</summary>
public sealed record ListOptions(string? LabelSelector = null, string? FieldSelector = null, bool MetadataOnly = false)
{
    public static readonly ListOptions All = new();
}
