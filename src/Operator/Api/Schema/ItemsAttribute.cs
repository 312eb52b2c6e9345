namespace AcrOperator.Api.Schema;

/// <summary>
/// Constraints on the elements of a list, or on the values of a map, which DataAnnotations cannot
/// express: those attributes constrain the collection itself.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemsAttribute : Attribute
{
    /// <summary>An ECMA-262 regular expression every element must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>The minimum string length of every element; 0 means no bound.</summary>
    public int MinLength { get; init; }

    /// <summary>The maximum string length of every element; 0 means no bound.</summary>
    public int MaxLength { get; init; }
}
