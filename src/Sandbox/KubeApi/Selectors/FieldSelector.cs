using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Registry;

namespace AcrOperator.Sandbox.KubeApi.Selectors;

/// <summary>
/// A fieldSelector: <c>field=value</c>, <c>field==value</c>, <c>field!=value</c>, comma meaning AND, over
/// metadata.name, metadata.namespace and the fields the resource declares; anything else is 400
/// <c>field label not supported</c>.
/// </summary>
internal sealed class FieldSelector
{
    private readonly (Func<JsonObject, string?> Read, bool Equal, string Value)[] terms;

    private FieldSelector((Func<JsonObject, string?> Read, bool Equal, string Value)[] terms) => this.terms = terms;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEverything => terms.Length == 0;

    /// <summary>The name an exact <c>metadata.name=</c> term pins, which lets a list skip the scan.</summary>
    public string? ExactName { get; private init; }

    public static FieldSelector Parse(string? text, ServedResource resource)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<(Func<JsonObject, string?>, bool, string)>();
        string? exactName = null;
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            string field;
            string value;
            bool equal;
            var ne = term.IndexOf("!=", StringComparison.Ordinal);
            var eq = term.IndexOf('=', StringComparison.Ordinal);
            if (ne > 0)
            {
                (field, value, equal) = (term[..ne], term[(ne + 2)..], false);
            }
            else if (eq > 0)
            {
                var skip = term.Length > eq + 1 && term[eq + 1] == '=' ? 2 : 1;
                (field, value, equal) = (term[..eq], term[(eq + skip)..], true);
            }
            else
            {
                throw ApiException.BadRequest($"invalid selector: '{text}'; can't understand '{term}'");
            }

            field = field.Trim();
            value = value.Trim();
            Func<JsonObject, string?> read = field switch
            {
                "metadata.name" => o => o["metadata"]?["name"]?.GetValue<string>(),
                "metadata.namespace" => o => o["metadata"]?["namespace"]?.GetValue<string>() ?? string.Empty,
                _ when resource.ExtraFields.TryGetValue(field, out var extra) => extra,
                _ => throw ApiException.BadRequest($"field label not supported: {field}"),
            };
            if (field == "metadata.name" && equal)
            {
                exactName = value;
            }

            result.Add((read, equal, value));
        }

        return new FieldSelector([.. result]) { ExactName = exactName };
    }

    public bool Matches(JsonObject obj)
    {
        foreach (var (read, equal, value) in terms)
        {
            if ((read(obj) ?? string.Empty) == value != equal)
            {
                return false;
            }
        }

        return true;
    }
}
