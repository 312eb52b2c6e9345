using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Selectors;

/// <summary>
/// The labelSelector grammar of apimachinery's labels package: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
/// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>, <c>k&gt;n</c>, <c>k&lt;n</c>, comma meaning AND.
/// </summary>
internal sealed class LabelSelector
{
    private readonly Requirement[] requirements;

    private LabelSelector(Requirement[] requirements) => this.requirements = requirements;

    public static LabelSelector Everything { get; } = new([]);

    public bool IsEverything => requirements.Length == 0;

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<Requirement>();
        foreach (var term in SplitTopLevel(text))
        {
            result.Add(ParseRequirement(term.Trim(), text));
        }

        return new LabelSelector([.. result]);
    }

    public bool Matches(JsonObject obj)
    {
        if (requirements.Length == 0)
        {
            return true;
        }

        var labels = obj["metadata"]?["labels"] as JsonObject;
        foreach (var requirement in requirements)
        {
            var value = labels?[requirement.Key]?.GetValue<string>();
            if (!requirement.Matches(value))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static Requirement ParseRequirement(string term, string whole)
    {
        if (term.Length == 0)
        {
            throw Error(whole, "found '', expected: !, identifier, or 'end of string'");
        }

        if (term[0] == '!')
        {
            return new Requirement(ValidKey(term[1..].Trim(), whole), Op.DoesNotExist, []);
        }

        foreach (var (token, op) in new[] { ("!=", Op.NotEquals), ("==", Op.Equals), ("=", Op.Equals), (">", Op.GreaterThan), ("<", Op.LessThan) })
        {
            var at = term.IndexOf(token, StringComparison.Ordinal);
            if (at > 0)
            {
                var value = term[(at + token.Length)..].Trim();
                return new Requirement(ValidKey(term[..at].Trim(), whole), op, [value]);
            }
        }

        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return new Requirement(ValidKey(words[0], whole), Op.Exists, []);
        }

        var rest = words[1];
        Op setOp;
        if (rest.StartsWith("notin", StringComparison.Ordinal))
        {
            setOp = Op.NotIn;
            rest = rest[5..].Trim();
        }
        else if (rest.StartsWith("in", StringComparison.Ordinal))
        {
            setOp = Op.In;
            rest = rest[2..].Trim();
        }
        else
        {
            throw Error(whole, $"found '{rest}', expected: in, notin, =, ==, !=, gt, lt");
        }

        if (!rest.StartsWith('(') || !rest.EndsWith(')'))
        {
            throw Error(whole, $"found '{rest}', expected: '('");
        }

        var values = rest[1..^1].Split(',', StringSplitOptions.TrimEntries).Where(v => v.Length > 0).ToArray();
        if (values.Length == 0)
        {
            throw new ApiException(400, "BadRequest", $"unable to parse requirement: values: Invalid value: []string{{}}: for 'in', 'notin' operators, values set can't be empty");
        }

        return new Requirement(ValidKey(words[0], whole), setOp, values);
    }

    private static string ValidKey(string key, string whole)
    {
        if (key.Length == 0 || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')))
        {
            throw Error(whole, $"invalid label key \"{key}\"");
        }

        return key;
    }

    private static ApiException Error(string whole, string why) =>
        ApiException.BadRequest($"unable to parse requirement: {why} in label selector \"{whole}\"");

    private enum Op
    {
        Equals,
        NotEquals,
        In,
        NotIn,
        Exists,
        DoesNotExist,
        GreaterThan,
        LessThan,
    }

    private sealed record Requirement(string Key, Op Operator, string[] Values)
    {
        public bool Matches(string? value) => Operator switch
        {
            Op.Equals or Op.In => value is not null && Values.Contains(value),
            Op.NotEquals or Op.NotIn => value is null || !Values.Contains(value),
            Op.Exists => value is not null,
            Op.DoesNotExist => value is null,
            Op.GreaterThan => long.TryParse(value, out var g) && long.TryParse(Values[0], out var gv) && g > gv,
            Op.LessThan => long.TryParse(value, out var l) && long.TryParse(Values[0], out var lv) && l < lv,
            _ => false,
        };
    }
}
