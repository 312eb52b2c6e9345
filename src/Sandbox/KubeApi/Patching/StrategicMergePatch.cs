using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>
/// Strategic merge patch (apimachinery pkg/util/strategicpatch) for the built-in kinds the emulator serves, driven by the
/// struct tags in <see cref="PatchSchema"/>. Objects merge like a merge patch; lists replace unless tagged
/// patchStrategy=merge, where lists of objects merge by their merge key and lists of scalars become a union.
/// Directives: <c>$patch: replace|delete</c> on maps and inside merge lists, <c>$deleteFromPrimitiveList/&lt;field&gt;</c>,
/// <c>$setElementOrder/&lt;field&gt;</c> and <c>$retainKeys</c>.
/// Malformed directives are 400 BadRequest; patch content outside <c>$retainKeys</c> is 422, as in the apiserver.
/// </summary>
public static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string SetElementOrderPrefix = "$setElementOrder/";

    /// <summary>Whether strategic merge is defined for the kind (built-ins only; custom resources answer 415).</summary>
    public static bool Supports(string group, string kind) => PatchSchema.IsBuiltIn(group, kind);

    public static JsonNode Apply(JsonNode target, JsonNode patch, string group, string kind)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(kind);
        if (!Supports(group, kind))
        {
            throw new PatchException(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }

        if (patch is not JsonObject patchObject || target is not JsonObject targetObject)
        {
            throw BadRequest("unable to find api field in struct for the patch: the patch must be a JSON object");
        }

        var merger = new Merger(group, kind);
        return merger.MergeMap((JsonObject)targetObject.DeepClone(), patchObject, "");
    }

    private static PatchException BadRequest(string message) => new(400, "BadRequest", message);

    private static bool IsDirective(string key) => key.StartsWith('$');

    private sealed class Merger(string group, string kind)
    {
        /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/>, which is owned and edited in place.</summary>
        public JsonObject MergeMap(JsonObject original, JsonObject patch, string path)
        {
            if (patch.TryGetPropertyValue(PatchDirective, out var directive))
            {
                return DirectiveOnMap(directive, patch, path);
            }

            if (patch.TryGetPropertyValue(RetainKeysDirective, out var retain))
            {
                RetainKeys(original, patch, retain);
            }

            foreach (var (key, value) in patch)
            {
                if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
                {
                    DeleteFromPrimitiveList(original, key[DeleteFromPrimitiveListPrefix.Length..], value);
                }
            }

            foreach (var (key, value) in patch)
            {
                if (IsDirective(key))
                {
                    continue;
                }

                var childPath = path.Length == 0 ? key : path + "." + key;
                if (value is null)
                {
                    original.Remove(key);
                }
                else if (!original.TryGetPropertyValue(key, out var existing) || existing is null)
                {
                    original[key] = Fresh(value, childPath);
                }
                else if (existing is JsonObject existingMap && value is JsonObject patchMap)
                {
                    var merged = MergeMap(existingMap, patchMap, childPath);
                    if (!ReferenceEquals(merged, existingMap))
                    {
                        original[key] = merged;
                    }
                }
                else if (existing is JsonArray existingList && value is JsonArray patchList)
                {
                    original[key] = MergeList(existingList, patchList, childPath);
                }
                else
                {
                    original[key] = Fresh(value, childPath);
                }
            }

            foreach (var (key, value) in patch)
            {
                if (key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
                {
                    var field = key[SetElementOrderPrefix.Length..];
                    if (value is not JsonArray order)
                    {
                        throw BadRequest("invalid patch format of setElementOrder list");
                    }

                    if (original[field] is JsonArray list)
                    {
                        var rule = PatchSchema.ListRuleFor(group, kind, path.Length == 0 ? field : path + "." + field);
                        original[field] = Reorder(list, order, rule);
                    }
                }
            }

            return original;
        }

        private JsonObject DirectiveOnMap(JsonNode? directive, JsonObject patch, string path)
        {
            switch (DirectiveName(directive))
            {
                case "replace":
                    // The patch becomes the value; its own directives are still honoured against an empty original.
                    var replacement = new JsonObject();
                    foreach (var (key, value) in patch)
                    {
                        if (key != PatchDirective)
                        {
                            replacement[key] = value?.DeepClone();
                        }
                    }

                    return MergeMap([], replacement, path);
                case "delete":
                    return [];
                default:
                    throw BadRequest($"unknown patch type: {DirectiveName(directive)} in map: {patch.ToJsonString()}");
            }
        }

        private static void RetainKeys(JsonObject original, JsonObject patch, JsonNode? retain)
        {
            if (retain is not JsonArray keys || keys.Any(k => k is not JsonValue v || !v.TryGetValue<string>(out _)))
            {
                throw BadRequest("invalid patch format of retainKeys");
            }

            var retained = keys.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            if (patch.Any(p => !IsDirective(p.Key) && p.Value is not null && !retained.Contains(p.Key)))
            {
                throw new PatchException(422, "Invalid", "patch content doesn't match retainKeys list");
            }

            foreach (var key in original.Select(p => p.Key).Where(k => !retained.Contains(k)).ToList())
            {
                original.Remove(key);
            }
        }

        private static void DeleteFromPrimitiveList(JsonObject original, string field, JsonNode? values)
        {
            if (values is not JsonArray toDelete)
            {
                throw BadRequest("invalid patch format of primitive list");
            }

            if (original[field] is JsonArray list)
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    if (toDelete.Any(d => JsonEquality.AreEqual(d, list[i])))
                    {
                        list.RemoveAt(i);
                    }
                }
            }
        }

        /// <summary>A patch value with nothing to merge into: merged into an empty value so directives and nulls vanish.</summary>
        private JsonNode Fresh(JsonNode value, string path) => value switch
        {
            JsonObject map => MergeMap([], map, path),
            JsonArray list => MergeList([], list, path),
            _ => value.DeepClone(),
        };

        private JsonArray MergeList(JsonArray original, JsonArray patch, string path)
        {
            var rule = PatchSchema.ListRuleFor(group, kind, path);
            if (!rule.SmpMerge)
            {
                return new JsonArray([.. patch.Select(item => item is null ? null : Fresh(item, path))]);
            }

            var items = Detach(original);
            if (rule.SmpMergeKey is null)
            {
                // A merge list of scalars is a union: existing order first, new values appended.
                foreach (var item in patch)
                {
                    if (!items.Any(existing => JsonEquality.AreEqual(existing, item)))
                    {
                        items.Add(item?.DeepClone());
                    }
                }

                return new JsonArray([.. items]);
            }

            return MergeKeyedList(items, patch, rule.SmpMergeKey, path);
        }

        private JsonArray MergeKeyedList(List<JsonNode?> items, JsonArray patch, string mergeKey, string path)
        {
            var plain = new List<JsonObject>();
            var replace = false;
            foreach (var element in patch)
            {
                if (element is not JsonObject map)
                {
                    throw BadRequest($"the list at {path} has merge key {mergeKey}; every patch element must be an object");
                }

                if (!map.TryGetPropertyValue(PatchDirective, out var directive))
                {
                    plain.Add(map);
                    continue;
                }

                switch (DirectiveName(directive))
                {
                    case "delete":
                        var key = map[mergeKey] ?? throw BadRequest($"map: {map.ToJsonString()} does not contain declared merge key: {mergeKey}");
                        items.RemoveAll(item => item is JsonObject o && JsonEquality.AreEqual(o[mergeKey], key));
                        break;
                    case "replace":
                        replace = true;
                        break;
                    case "merge":
                        throw BadRequest("merging lists cannot yet be specified in the patch");
                    default:
                        throw BadRequest($"unknown patch type: {DirectiveName(directive)} in map: {map.ToJsonString()}");
                }
            }

            if (replace)
            {
                return new JsonArray([.. plain.Select(map => (JsonNode?)MergeMap([], map, path))]);
            }

            foreach (var map in plain)
            {
                var key = map[mergeKey] ?? throw BadRequest($"map: {map.ToJsonString()} does not contain declared merge key: {mergeKey}");
                var index = items.FindIndex(item => item is JsonObject o && JsonEquality.AreEqual(o[mergeKey], key));
                if (index < 0)
                {
                    items.Add(MergeMap([], map, path));
                }
                else if (items[index] is JsonObject existing)
                {
                    items[index] = MergeMap(existing, map, path);
                }
            }

            return new JsonArray([.. items]);
        }

        /// <summary>
        /// Honours <c>$setElementOrder</c>: listed elements take the listed order; elements the patch did not list keep
        /// their place after the element that preceded them before. The apiserver interleaves by original index, which
        /// gives the same result for the usual case of a patch that lists every element.
        /// </summary>
        private static JsonArray Reorder(JsonArray list, JsonArray order, ListRule rule)
        {
            var items = Detach(list);
            var used = new bool[items.Count];
            var result = new List<int>();
            foreach (var wanted in order)
            {
                var index = Enumerable.Range(0, items.Count).FirstOrDefault(i => !used[i] && SameElement(items[i], wanted, rule), -1);
                if (index >= 0)
                {
                    used[index] = true;
                    result.Add(index);
                }
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (!used[i])
                {
                    var after = result.IndexOf(i - 1);
                    result.Insert(after + 1, i);
                    used[i] = true;
                }
            }

            return new JsonArray([.. result.Select(i => items[i])]);
        }

        private static bool SameElement(JsonNode? item, JsonNode? wanted, ListRule rule) =>
            rule.SmpMergeKey is { } key
                ? item is JsonObject o && wanted is JsonObject w && JsonEquality.AreEqual(o[key], w[key])
                : JsonEquality.AreEqual(item, wanted);

        private static string DirectiveName(JsonNode? directive) =>
            directive is JsonValue v && v.TryGetValue<string>(out var name) ? name : directive?.ToJsonString() ?? "null";

        private static List<JsonNode?> Detach(JsonArray list)
        {
            var items = list.ToList();
            list.Clear();
            return items;
        }
    }
}
