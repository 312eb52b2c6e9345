using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.KubeApi.Tables;

/// <summary>
/// The subset of Kubernetes JSONPath (k8s.io/client-go/util/jsonpath) that CRD printer columns use: <c>.a.b</c>,
/// <c>['a.b']</c>, <c>[0]</c>, <c>[-1]</c>, <c>[*]</c>, <c>.*</c> and filters such as <c>[?(@.type=="Ready")]</c>
/// with ==, !=, &lt;, &gt;, &lt;=, &gt;= or bare existence. Optional surrounding braces are accepted.
/// </summary>
internal sealed class JsonPathExpression
{
    private static readonly string[] Operators = ["==", "!=", "<=", ">=", "<", ">"];

    private readonly IReadOnlyList<Step> steps;

    private JsonPathExpression(IReadOnlyList<Step> steps)
    {
        this.steps = steps;
    }

    private enum StepKind
    {
        Field,
        Index,
        Wildcard,
        Filter,
    }

    public static JsonPathExpression Parse(string expression)
    {
        var text = expression.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1].Trim();
        }

        var position = 0;
        return new JsonPathExpression(ParseSteps(text, ref position, stopAtFilterEnd: false));
    }

    /// <summary>Every value the path selects, in document order.</summary>
    public IReadOnlyList<JsonNode?> Evaluate(JsonNode? root)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in steps)
        {
            current = current.SelectMany(step.Apply).ToList();
        }

        return current.ToList();
    }

    private static List<Step> ParseSteps(string text, ref int position, bool stopAtFilterEnd)
    {
        var result = new List<Step>();
        if (position < text.Length && text[position] is '$' or '@')
        {
            position++;
        }

        while (position < text.Length)
        {
            var c = text[position];
            if (stopAtFilterEnd && (c is ' ' or '=' or '!' or '<' or '>' or ')'))
            {
                break;
            }

            if (c == '.')
            {
                position++;
                if (position < text.Length && text[position] == '*')
                {
                    position++;
                    result.Add(new Step(StepKind.Wildcard));
                    continue;
                }

                var start = position;
                while (position < text.Length && text[position] is not ('.' or '[') && !(stopAtFilterEnd && text[position] is ' ' or '=' or '!' or '<' or '>' or ')'))
                {
                    position++;
                }

                if (position > start)
                {
                    result.Add(new Step(StepKind.Field, text[start..position]));
                }
            }
            else if (c == '[')
            {
                var end = FindClosingBracket(text, position);
                var inner = text[(position + 1)..end].Trim();
                position = end + 1;
                result.Add(ParseBracket(inner));
            }
            else
            {
                throw new FormatException($"unrecognized character in JSONPath at {position.ToString(CultureInfo.InvariantCulture)}: {text}");
            }
        }

        return result;
    }

    private static Step ParseBracket(string inner)
    {
        if (inner == "*")
        {
            return new Step(StepKind.Wildcard);
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            return ParseFilter(inner[2..^1].Trim());
        }

        if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
        {
            return new Step(StepKind.Field, inner[1..^1]);
        }

        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            return new Step(StepKind.Index, Index: index);
        }

        throw new FormatException($"unsupported JSONPath subscript [{inner}]");
    }

    private static Step ParseFilter(string filter)
    {
        var position = 0;
        var left = ParseSteps(filter, ref position, stopAtFilterEnd: true);
        var rest = filter[position..].Trim();
        if (rest.Length == 0)
        {
            return new Step(StepKind.Filter, Left: left);
        }

        var op = Operators.FirstOrDefault(o => rest.StartsWith(o, StringComparison.Ordinal))
            ?? throw new FormatException($"unsupported JSONPath filter {filter}");
        var operand = rest[op.Length..].Trim();
        JsonNode? literal = operand.Length >= 2 && operand[0] is '\'' or '"' && operand[^1] == operand[0]
            ? JsonValue.Create(operand[1..^1])
            : JsonNode.Parse(operand);
        return new Step(StepKind.Filter, Left: left, Operator: op, Literal: literal);
    }

    private static int FindClosingBracket(string text, int open)
    {
        var depth = 0;
        char? quote = null;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']' && --depth == 0)
            {
                return i;
            }
        }

        throw new FormatException($"unclosed [ in JSONPath: {text}");
    }

    private sealed record Step(StepKind Kind, string? Name = null, int Index = 0, IReadOnlyList<Step>? Left = null, string? Operator = null, JsonNode? Literal = null)
    {
        public IEnumerable<JsonNode?> Apply(JsonNode? node) => Kind switch
        {
            StepKind.Field when node is JsonObject obj && obj.TryGetPropertyValue(Name!, out var value) => [value],
            StepKind.Index when node is JsonArray array && (Index < 0 ? array.Count + Index : Index) is var i && i >= 0 && i < array.Count => [array[i]],
            StepKind.Wildcard when node is JsonObject obj => obj.Select(p => p.Value),
            StepKind.Wildcard when node is JsonArray array => array,
            StepKind.Filter when node is JsonArray array => array.Where(Matches),
            _ => [],
        };

        private bool Matches(JsonNode? item)
        {
            IEnumerable<JsonNode?> current = [item];
            foreach (var step in Left!)
            {
                current = current.SelectMany(step.Apply).ToList();
            }

            var found = current.ToList();
            if (Operator is null)
            {
                return found.Count > 0;
            }

            if (found.Count == 0)
            {
                return false;
            }

            var actual = found[0];
            return Operator switch
            {
                "==" => JsonValues.DeepEquals(actual, Literal),
                "!=" => !JsonValues.DeepEquals(actual, Literal),
                _ => Compare(actual, Literal) is { } order && Operator switch
                {
                    "<" => order < 0,
                    ">" => order > 0,
                    "<=" => order <= 0,
                    _ => order >= 0,
                },
            };
        }

        private static int? Compare(JsonNode? left, JsonNode? right)
        {
            if (JsonValues.AsDouble(left) is { } l && JsonValues.AsDouble(right) is { } r)
            {
                return l.CompareTo(r);
            }

            return left is JsonValue lv && right is JsonValue rv && lv.GetValueKind() == JsonValueKind.String && rv.GetValueKind() == JsonValueKind.String
                ? string.CompareOrdinal(lv.GetValue<string>(), rv.GetValue<string>())
                : null;
        }
    }
}
