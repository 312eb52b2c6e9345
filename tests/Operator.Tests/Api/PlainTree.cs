using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Api.Generation;
using YamlDotNet.RepresentationModel;

namespace AcrOperator.Tests.Api;

/// <summary>
/// Documents as plain trees, the shape an API server sees after decoding: maps are
/// <c>Dictionary&lt;string, object?&gt;</c>, lists <c>List&lt;object?&gt;</c>, scalars string, long,
/// double or bool. Both the schema validator and the CEL library work on this shape.
/// </summary>
internal static partial class PlainTree
{
    public static Dictionary<string, object?> FromYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (Dictionary<string, object?>)FromYaml(stream.Documents.Single().RootNode)!;
    }

    public static object? FromJson(string json) => CrdYaml.ToPlain(JsonNode.Parse(json));

    /// <summary>A deep copy with the value at a dotted path set, or removed when <paramref name="value"/> is null.</summary>
    public static Dictionary<string, object?> With(Dictionary<string, object?> tree, string path, object? value)
    {
        var copy = (Dictionary<string, object?>)Clone(tree)!;
        var segments = path.Split('.');
        var parent = copy;
        foreach (var segment in segments[..^1])
        {
            if (!parent.TryGetValue(segment, out var child) || child is null)
            {
                parent[segment] = child = new Dictionary<string, object?>();
            }

            parent = (Dictionary<string, object?>)child;
        }

        if (value is null)
        {
            parent.Remove(segments[^1]);
        }
        else
        {
            parent[segments[^1]] = Clone(value);
        }

        return copy;
    }

    /// <summary>Where two trees differ, as paths with both values; empty when they are equal.</summary>
    public static IReadOnlyList<string> Differences(object? expected, object? actual, string path = "")
    {
        switch (expected, actual)
        {
            case (Dictionary<string, object?> e, Dictionary<string, object?> a):
                return [.. e.Keys.Union(a.Keys).Order(StringComparer.Ordinal).SelectMany(key =>
                    e.TryGetValue(key, out var ev) ? a.TryGetValue(key, out var av) ? Differences(ev, av, Join(path, key)) : [$"{Join(path, key)}: lost"]
                    : [$"{Join(path, key)}: invented"])];
            case (List<object?> e, List<object?> a) when e.Count == a.Count:
                return [.. e.Zip(a).SelectMany((pair, i) => Differences(pair.First, pair.Second, $"{path}[{i}]"))];
            default:
                return Equals(expected, actual) ? [] : [$"{path}: expected {Show(expected)}, got {Show(actual)}"];
        }
    }

    public static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.GetType().Name,
    };

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    private static object? Clone(object? value) => value switch
    {
        Dictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Clone(p.Value)),
        List<object?> list => list.Select(Clone).ToList(),
        _ => value,
    };

    private static object? FromYaml(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => FromYaml(p.Value)),
        YamlSequenceNode list => list.Children.Select(FromYaml).ToList(),
        YamlScalarNode scalar when scalar.Style != YamlDotNet.Core.ScalarStyle.Plain => scalar.Value,
        YamlScalarNode scalar => PlainScalar(scalar.Value ?? ""),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };

    // The YAML 1.2 core schema, which is how sigs.k8s.io/yaml resolves the scalars used here.
    private static object? PlainScalar(string text) =>
        text is "" or "~" or "null" or "Null" or "NULL" ? null
        : text is "true" or "True" or "TRUE" ? true
        : text is "false" or "False" or "FALSE" ? false
        : Integer().IsMatch(text) ? long.Parse(text, CultureInfo.InvariantCulture)
        : Float().IsMatch(text) ? double.Parse(text, CultureInfo.InvariantCulture)
        : text;

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
