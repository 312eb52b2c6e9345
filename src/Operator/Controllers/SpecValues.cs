namespace AcrOperator.Controllers;

/// <summary>
/// How the spec mappers compare a spec value with what Azure reports, the same way for every kind: names and enum
/// values ignore case, locations ignore case and spaces, tags are an exact map, and a spec field left unset is not
/// managed (its update is null, so it is not sent).
/// </summary>
internal static class SpecValues
{
    public static bool Same(string a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    // ARM answers with display names at times ("West Europe"); the spec uses programmatic names.
    public static bool SameLocation(string a, string b) =>
        Same(a.Replace(" ", "", StringComparison.Ordinal), b.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>The spec's tags to send, for a create or when they differ from <paramref name="actual"/>; null when unset or equal.</summary>
    public static Dictionary<string, string>? Tags(IDictionary<string, string>? wanted, IReadOnlyDictionary<string, string>? actual = null) =>
        wanted is null || (actual is not null && SameTags(wanted, actual)) ? null : new Dictionary<string, string>(wanted, StringComparer.Ordinal);

    /// <summary>The spec's value to send when it is set and differs from <paramref name="actual"/>.</summary>
    public static bool? Differs(bool? wanted, bool actual) => wanted is { } value && value != actual ? value : null;

    private static bool SameTags(IDictionary<string, string> wanted, IReadOnlyDictionary<string, string> actual) =>
        wanted.Count == actual.Count && wanted.All(t => actual.TryGetValue(t.Key, out var value) && string.Equals(value, t.Value, StringComparison.Ordinal));
}
