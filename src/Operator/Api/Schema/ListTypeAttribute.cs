namespace AcrOperator.Api.Schema;

/// <summary>
/// The <c>x-kubernetes-list-type</c> of a list, so that server-side apply merges entries from several
/// managers instead of replacing the whole list, and duplicates are rejected. Without keys the list is a
/// <c>set</c> of unique scalars; with keys it is a <c>map</c> of objects identified by those (required)
/// fields.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListTypeAttribute(params string[] mapKeys) : Attribute
{
    public IReadOnlyList<string> MapKeys { get; } = mapKeys;

    public string Type => MapKeys.Count == 0 ? "set" : "map";
}
