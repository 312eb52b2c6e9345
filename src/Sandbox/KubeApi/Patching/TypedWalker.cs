using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>
/// Walks objects of one kind with its list rules (<see cref="PatchSchema"/>) to derive field sets the way
/// structured-merge-diff does: objects are granular maps, lists are atomic, sets (per value) or maps (per key).
/// </summary>
internal sealed class TypedWalker(string group, string kind)
{
    /// <summary>
    /// The fields an applied configuration sets (typed.ToFieldSet): scalars, nulls and atomic lists are leaves; set and
    /// list-map items are members; plain maps add no path of their own, so an empty map owns nothing.
    /// </summary>
    public FieldSet FieldsOf(JsonObject config)
    {
        var set = new FieldSet();
        var path = new List<string>();
        CollectMap(config, path, "", set);
        return set;
    }

    /// <summary>
    /// Added, modified and removed paths from <paramref name="before"/> to <paramref name="after"/> (typed.Compare),
    /// leaving out, without walking them, the object fields where <paramref name="skipped"/> (shown each one's path as
    /// the walk reaches it) says nothing below is wanted.
    /// </summary>
    public FieldComparison Compare(JsonObject before, JsonObject after, Func<IReadOnlyList<string>, bool> skipped)
    {
        var comparison = new FieldComparison(new FieldSet(), new FieldSet(), new FieldSet());
        CompareMaps(before, after, [], "", comparison, skipped);
        return comparison;
    }

    public ListRule RuleFor(string schemaPath) => PatchSchema.ListRuleFor(group, kind, schemaPath);

    public static string Child(string schemaPath, string field) => schemaPath.Length == 0 ? field : schemaPath + "." + field;

    /// <summary>The path element of a list item, by the list's rule; null when the item cannot be identified.</summary>
    public static string? ItemElement(ListRule rule, JsonNode? item) => rule.SsaType switch
    {
        ListType.Set => FieldSet.ValueElement(item),
        ListType.Map => FieldSet.KeyElement(item, rule.SsaKeys),
        _ => null,
    };

    private void CollectMap(JsonObject map, List<string> path, string schemaPath, FieldSet set)
    {
        foreach (var (key, value) in map)
        {
            path.Add(FieldSet.FieldElement(key));
            Collect(value, path, Child(schemaPath, key), set);
            path.RemoveAt(path.Count - 1);
        }
    }

    private void Collect(JsonNode? value, List<string> path, string schemaPath, FieldSet set)
    {
        switch (value)
        {
            case JsonObject map:
                CollectMap(map, path, schemaPath, set);
                break;
            case JsonArray list when Granular(list, schemaPath) is { } rule:
                foreach (var item in list)
                {
                    path.Add(ItemElement(rule, item)!);
                    set.Insert(path);
                    if (rule.SsaType == ListType.Map)
                    {
                        CollectMap((JsonObject)item!, path, schemaPath, set);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                break;
            default:
                set.Insert(path); // scalar, null or atomic list
                break;
        }
    }

    /// <summary>Inserts the path and everything below it: how a whole value appears in Added or Removed.</summary>
    private void CollectAll(JsonNode? value, List<string> path, string schemaPath, FieldSet set)
    {
        set.Insert(path);
        switch (value)
        {
            case JsonObject map:
                foreach (var (key, child) in map)
                {
                    path.Add(FieldSet.FieldElement(key));
                    CollectAll(child, path, Child(schemaPath, key), set);
                    path.RemoveAt(path.Count - 1);
                }

                break;
            case JsonArray list when Granular(list, schemaPath) is { } rule:
                foreach (var item in list)
                {
                    path.Add(ItemElement(rule, item)!);
                    if (rule.SsaType == ListType.Map)
                    {
                        CollectAll(item, path, schemaPath, set);
                    }
                    else
                    {
                        set.Insert(path);
                    }

                    path.RemoveAt(path.Count - 1);
                }

                break;
        }
    }

    private void CompareMaps(JsonObject before, JsonObject after, List<string> path, string schemaPath, FieldComparison comparison, Func<IReadOnlyList<string>, bool> skipped)
    {
        foreach (var (key, oldValue) in before)
        {
            path.Add(FieldSet.FieldElement(key));
            if (skipped(path))
            {
                path.RemoveAt(path.Count - 1);
                continue;
            }

            var childSchema = Child(schemaPath, key);
            if (after.TryGetPropertyValue(key, out var newValue))
            {
                CompareValues(oldValue, newValue, path, childSchema, comparison, skipped);
            }
            else
            {
                CollectAll(oldValue, path, childSchema, comparison.Removed);
            }

            path.RemoveAt(path.Count - 1);
        }

        foreach (var (key, newValue) in after)
        {
            if (!before.ContainsKey(key))
            {
                path.Add(FieldSet.FieldElement(key));
                if (!skipped(path))
                {
                    CollectAll(newValue, path, Child(schemaPath, key), comparison.Added);
                }

                path.RemoveAt(path.Count - 1);
            }
        }
    }

    private void CompareValues(JsonNode? oldValue, JsonNode? newValue, List<string> path, string schemaPath, FieldComparison comparison, Func<IReadOnlyList<string>, bool> skipped)
    {
        if (oldValue is JsonObject oldMap && newValue is JsonObject newMap)
        {
            CompareMaps(oldMap, newMap, path, schemaPath, comparison, skipped);
            return;
        }

        if (oldValue is JsonArray oldList && newValue is JsonArray newList
            && Granular(oldList, schemaPath) is { } rule && Granular(newList, schemaPath) is not null)
        {
            var oldItems = oldList.ToDictionary(item => ItemElement(rule, item)!, StringComparer.Ordinal);
            var newItems = newList.ToDictionary(item => ItemElement(rule, item)!, StringComparer.Ordinal);
            foreach (var (element, oldItem) in oldItems)
            {
                path.Add(element);
                if (!newItems.TryGetValue(element, out var newItem))
                {
                    CollectAll(oldItem, path, schemaPath, comparison.Removed);
                }
                else if (rule.SsaType == ListType.Map)
                {
                    CompareMaps((JsonObject)oldItem!, (JsonObject)newItem!, path, schemaPath, comparison, skipped);
                }

                path.RemoveAt(path.Count - 1);
            }

            foreach (var (element, newItem) in newItems)
            {
                if (!oldItems.ContainsKey(element))
                {
                    path.Add(element);
                    CollectAll(newItem, path, schemaPath, comparison.Added);
                    path.RemoveAt(path.Count - 1);
                }
            }

            return;
        }

        if (!JsonEquality.AreEqual(oldValue, newValue))
        {
            comparison.Modified.Insert(path);
        }
    }

    /// <summary>
    /// The rule of a list that is tracked per item, or null when it is atomic, including when an item lacks its key or
    /// repeats one: such a list cannot be tracked per item, so it is handled whole.
    /// </summary>
    public ListRule? Granular(JsonArray list, string schemaPath)
    {
        var rule = RuleFor(schemaPath);
        if (rule.SsaType == ListType.Atomic)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (ItemElement(rule, item) is not { } element || !seen.Add(element))
            {
                return null;
            }
        }

        return rule;
    }
}
