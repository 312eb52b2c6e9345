namespace AcrOperator.Api.V1Alpha1;

/// <summary>The API group and version of every kind in this namespace.</summary>
public static class GroupVersion
{
    public const string Group = "acr.operator.dev";

    public const string Version = "v1alpha1";

    public const string ApiVersion = Group + "/" + Version;

    /// <summary>
    /// The category of all four kinds, for <c>kubectl get acr-all</c>. Not <c>acr</c>: kubectl expands
    /// short names before categories, so a category named like Registry's short name could never be used.
    /// </summary>
    public const string Category = "acr-all";
}
