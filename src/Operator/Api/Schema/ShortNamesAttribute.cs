namespace AcrOperator.Api.Schema;

/// <summary>The short names <c>kubectl</c> accepts for a kind, e.g. <c>kubectl get acr</c>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ShortNamesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
