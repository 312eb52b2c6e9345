namespace AcrOperator.Sandbox.KubeApi.Http;

/// <summary>
/// One media range of an Accept or Content-Type header. Parsed leniently: HttpClient writes parameters as
/// <c>; as=Table</c> with spaces, kubectl without, and the C# client adds <c>charset=utf-8</c>.
/// </summary>
internal sealed record MediaType(string Type, IReadOnlyDictionary<string, string> Parameters)
{
    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    public bool IsJsonOrWildcard => Type is "application/json" or "*/*" or "application/*";

    public static MediaType Parse(string value)
    {
        var parts = value.Split(';');
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 1; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                parameters[parts[i][..eq].Trim()] = parts[i][(eq + 1)..].Trim().Trim('"');
            }
        }

        return new MediaType(parts[0].Trim().ToLowerInvariant(), parameters);
    }

    /// <summary>The media ranges of an Accept header in the client's order; an absent header means JSON.</summary>
    public static IReadOnlyList<MediaType> ParseAccept(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return [new MediaType("application/json", new Dictionary<string, string>())];
        }

        return [.. header.Split(',').Where(p => p.Trim().Length > 0).Select(Parse)];
    }
}
