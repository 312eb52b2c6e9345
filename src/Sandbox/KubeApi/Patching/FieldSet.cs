using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>
/// A set of field paths (structured-merge-diff fieldpath.Set), stored as a tree whose edges are fieldsV1 path elements:
/// <c>f:&lt;field&gt;</c>, <c>k:&lt;key json&gt;</c> (list-map item), <c>v:&lt;value json&gt;</c> (set item), <c>i:&lt;index&gt;</c>.
/// A node is a member when its own path is in the set; fieldsV1 writes that as <c>".": {}</c> when the node also has children.
/// </summary>
internal sealed class FieldSet
{
    private readonly SortedDictionary<string, FieldSet> children = new(ElementComparer.Instance);

    private bool member;

    public bool IsEmpty => !member && children.Count == 0;

    public static FieldSet FromFieldsV1(JsonObject fields)
    {
        var set = new FieldSet();
        foreach (var (key, value) in fields)
        {
            if (key == ".")
            {
                set.member = true;
                continue;
            }

            if (value is not JsonObject nested || key.Length < 2 || key[1] != ':' || "fkvi".IndexOf(key[0], StringComparison.Ordinal) < 0)
            {
                throw new FormatException($"invalid fieldsV1 element {key}");
            }

            var child = FromFieldsV1(nested);
            if (nested.Count == 0)
            {
                child.member = true; // a leaf is written as {}
            }

            set.children[key] = child;
        }

        return set;
    }

    /// <summary>The path as structured-merge-diff prints it in conflict messages: <c>.spec.containers[name="x"].image</c>.</summary>
    public static string Describe(IEnumerable<string> path)
    {
        var text = new StringBuilder();
        foreach (var element in path)
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var key = (JsonObject)JsonNode.Parse(body)!;
                    text.Append('[').AppendJoin(',', key.Select(p => p.Key + "=" + JsonEquality.ToCompactJson(p.Value))).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(body).Append(']');
                    break;
                default:
                    text.Append('[').Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }

    public static string FieldElement(string name) => "f:" + name;

    public static string ValueElement(JsonNode? value) => "v:" + JsonEquality.ToCompactJson(value);

    public static string IndexElement(int index) => "i:" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The k: element of a list-map item, or null when the item lacks a key field.</summary>
    public static string? KeyElement(JsonNode? item, IReadOnlyList<string> keys)
    {
        if (item is not JsonObject map)
        {
            return null;
        }

        var key = new JsonObject();
        foreach (var name in keys.Order(StringComparer.Ordinal))
        {
            if (!map.TryGetPropertyValue(name, out var value) || value is null)
            {
                return null;
            }

            key[name] = value.DeepClone();
        }

        return "k:" + key.ToJsonString();
    }

    public void Insert(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node.children.TryGetValue(element, out var child))
            {
                child = new FieldSet();
                node.children[element] = child;
            }

            node = child;
        }

        node.member = true;
    }

    public bool Contains(IReadOnlyList<string> path) => Find(path) is { member: true };

    /// <summary>Whether the path or anything below it is in the set.</summary>
    public bool ContainsOrHasDescendant(IReadOnlyList<string> path) => Find(path) is { IsEmpty: false };

    /// <summary>Member paths, in the sorted order structured-merge-diff iterates them.</summary>
    public IEnumerable<IReadOnlyList<string>> Paths()
    {
        var prefix = new List<string>();
        return Walk(this, prefix);

        static IEnumerable<IReadOnlyList<string>> Walk(FieldSet node, List<string> prefix)
        {
            if (node.member && prefix.Count > 0)
            {
                yield return prefix.ToArray();
            }

            foreach (var (element, child) in node.children)
            {
                prefix.Add(element);
                foreach (var path in Walk(child, prefix))
                {
                    yield return path;
                }

                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }

    public FieldSet Where(Func<IReadOnlyList<string>, bool> keep)
    {
        var result = new FieldSet();
        foreach (var path in Paths().Where(keep))
        {
            result.Insert(path);
        }

        return result;
    }

    public FieldSet Union(FieldSet other)
    {
        var result = Where(_ => true);
        foreach (var path in other.Paths())
        {
            result.Insert(path);
        }

        return result;
    }

    public FieldSet Intersect(FieldSet other) => Where(other.Contains);

    public FieldSet Except(FieldSet other) => Where(path => !other.Contains(path));

    public JsonObject ToFieldsV1()
    {
        var result = new JsonObject();
        if (member && children.Count > 0)
        {
            result["."] = new JsonObject();
        }

        foreach (var (element, child) in children)
        {
            result[element] = child.ToFieldsV1();
        }

        return result;
    }

    private FieldSet? Find(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (!node.children.TryGetValue(element, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>structured-merge-diff's PathElement order: field names, then keys, then values, then indices.</summary>
    private sealed class ElementComparer : IComparer<string>
    {
        public static readonly ElementComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var byKind = Rank(x[0]).CompareTo(Rank(y[0]));
            if (byKind != 0)
            {
                return byKind;
            }

            if (x[0] == 'i')
            {
                return int.Parse(x.AsSpan(2), CultureInfo.InvariantCulture).CompareTo(int.Parse(y.AsSpan(2), CultureInfo.InvariantCulture));
            }

            return string.CompareOrdinal(x, y);
        }

        private static int Rank(char kind) => kind switch
        {
            'f' => 0,
            'k' => 1,
            'v' => 2,
            _ => 3,
        };
    }
}
