using System.Collections.Frozen;
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
    private static readonly List<KeyValuePair<string, FieldSet>> NoChildren = [];

    private static readonly FrozenDictionary<string, string> CommonFieldElements = new[]
    {
        "apiVersion", "kind", "metadata", "spec", "status", "data", "name", "namespace", "uid", "resourceVersion", "generation",
        "creationTimestamp", "labels", "annotations", "managedFields", "finalizers", "ownerReferences", "generateName",
    }.ToFrozenDictionary(name => name, name => "f:" + name, StringComparer.Ordinal);

    // Children in element order. A node has a handful at most, so a sorted list searched by halves costs less than a
    // tree dictionary; most nodes are leaves, so the list is made only for a node that gets a child.
    private List<KeyValuePair<string, FieldSet>>? childNodes;

    private bool member;

    public bool IsEmpty => !member && Children.Count == 0;

    private List<KeyValuePair<string, FieldSet>> Children => childNodes ?? NoChildren;

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

            set.AddChild(key, child);
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

    /// <summary>The f: element of a field; the names every object has are built once, as each tracked write walks them all.</summary>
    public static string FieldElement(string name) => CommonFieldElements.TryGetValue(name, out var element) ? element : "f:" + name;

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
            if (node.Child(element) is not { } child)
            {
                child = new FieldSet();
                node.AddChild(element, child);
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

            foreach (var (element, child) in node.Children)
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

    /// <summary>The member paths <paramref name="keep"/> accepts; it sees each path while the tree is walked, so must not keep it.</summary>
    public FieldSet Where(Func<IReadOnlyList<string>, bool> keep) => Filter(this, [], keep);

    // The set operations combine the trees node by node rather than path by path: managedFields bookkeeping runs them
    // on every tracked write. As with Where, the root is never a member and subtrees without members are left out.
    // With an empty side the result has the other side's paths, so that side is returned as it is (sets are not changed
    // once built); a tracked write usually removes nothing and often adds nothing. A member root is never returned: a
    // combined set's root is not a member.
    public FieldSet Union(FieldSet other) =>
        other.IsEmpty && !member ? this
        : IsEmpty && !other.member ? other
        : Combine(this, other, static (a, b) => a || b);

    public FieldSet Intersect(FieldSet other) => Combine(this, other, static (a, b) => a && b);

    public FieldSet Except(FieldSet other) => other.IsEmpty && !member ? this : Combine(this, other, static (a, b) => a && !b);

    public JsonObject ToFieldsV1()
    {
        var result = new JsonObject();
        if (member && Children.Count > 0)
        {
            result["."] = new JsonObject();
        }

        foreach (var (element, child) in Children)
        {
            result[element] = child.ToFieldsV1();
        }

        return result;
    }

    private static FieldSet Filter(FieldSet node, List<string> path, Func<IReadOnlyList<string>, bool> keep)
    {
        var result = new FieldSet { member = path.Count > 0 && node.member && keep(path) };
        foreach (var (element, child) in node.Children)
        {
            path.Add(element);
            var kept = Filter(child, path, keep);
            path.RemoveAt(path.Count - 1);
            if (!kept.IsEmpty)
            {
                result.AddChild(element, kept);
            }
        }

        return result;
    }

    private static FieldSet Combine(FieldSet? left, FieldSet? right, Func<bool, bool, bool> member, bool root = true)
    {
        var result = new FieldSet { member = !root && member(left?.member ?? false, right?.member ?? false) };
        if (left is not null)
        {
            foreach (var (element, child) in left.Children)
            {
                var other = right?.Child(element);
                if (other is null && !member(true, false))
                {
                    continue;
                }

                result.AddIfNotEmpty(element, Combine(child, other, member, root: false));
            }
        }

        if (right is not null && member(false, true))
        {
            foreach (var (element, child) in right.Children)
            {
                if (left?.Child(element) is null)
                {
                    result.AddIfNotEmpty(element, Combine(null, child, member, root: false));
                }
            }
        }

        return result;
    }

    private void AddIfNotEmpty(string element, FieldSet child)
    {
        if (!child.IsEmpty)
        {
            AddChild(element, child);
        }
    }

    private void AddChild(string element, FieldSet child)
    {
        childNodes ??= [];
        var at = IndexOf(element);
        if (at >= 0)
        {
            childNodes[at] = new(element, child);
        }
        else
        {
            childNodes.Insert(~at, new(element, child));
        }
    }

    private FieldSet? Child(string element) => IndexOf(element) is var at and >= 0 ? Children[at].Value : null;

    /// <summary>The child's index, or the complement of where it would be inserted (as List.BinarySearch answers).</summary>
    private int IndexOf(string element)
    {
        var children = Children;
        int lo = 0, hi = children.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var order = ElementComparer.Instance.Compare(children[mid].Key, element);
            if (order == 0)
            {
                return mid;
            }

            if (order < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return ~lo;
    }

    private FieldSet? Find(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var element in path)
        {
            if (node.Child(element) is not { } child)
            {
                return null;
            }

            node = child;
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
