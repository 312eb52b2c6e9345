using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>
/// Server-side apply and managedFields bookkeeping, after structured-merge-diff's Updater as kube-apiserver v1.32 runs it.
/// Rules the emulator follows (see also <see cref="PatchSchema"/> for list types):
/// <list type="bullet">
/// <item>Never tracked (apiserver stripmeta): apiVersion, kind, metadata itself and metadata name, namespace, uid,
/// resourceVersion, generation, creationTimestamp, selfLink, managedFields; also deletionTimestamp and
/// deletionGracePeriodSeconds, which only the server sets.</item>
/// <item>Writes to the main resource neither change nor own <c>status</c>; writes to the status subresource change and own
/// only <c>status</c>. This assumes every served kind with a status field has a status subresource, which holds for the
/// built-ins served and for the operator's CRDs.</item>
/// <item>Custom resources' own lists are atomic (no CRD schema reaches this code); ObjectMeta lists keep their types.</item>
/// </list>
/// </summary>
public static class ServerSideApply
{
    private const string ApplyOperation = "Apply";

    private static readonly FrozenSet<string> ServerOwnedMetadata = new[]
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "selfLink", "managedFields",
        "deletionTimestamp", "deletionGracePeriodSeconds",
    }.Select(FieldSet.FieldElement).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Applies the configuration <paramref name="applied"/> of <paramref name="fieldManager"/> to <paramref name="live"/>
    /// (null when creating). Returns the merged object with metadata.managedFields updated. Throws
    /// <see cref="PatchException"/> with status 409, reason Conflict, when another manager owns a field being changed
    /// and <paramref name="force"/> is false; the message lists the conflicts as the API server does.
    /// </summary>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string fieldManager, bool force, DateTimeOffset now, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);

        var config = EndpointView(applied, subresource);
        var apiVersion = Text(config, "apiVersion") ?? Text(live, "apiVersion") ?? "";
        var walker = new TypedWalker(PatchSchema.GroupOf(apiVersion), Text(config, "kind") ?? Text(live, "kind") ?? "");
        var tracked = Tracked(subresource);

        var managers = ManagedFieldsEntry.Read(live) ?? [];
        var applier = new ManagedFieldsEntry(fieldManager, ApplyOperation, apiVersion, null, subresource, walker.FieldsOf(config).Where(tracked));
        var previous = managers.Find(m => m.Identifier == applier.Identifier);
        var others = managers.Where(m => m != previous).ToList();

        var before = live ?? [];
        var merged = (JsonObject)before.DeepClone();
        MergeMap(merged, config, "", walker);
        if (previous is not null)
        {
            Prune(merged, previous.Fields, applier.Fields, others, walker);
        }

        var comparison = walker.Compare(before, merged, Untracked(subresource)).Where(tracked);
        var changed = comparison.Changed;
        var conflicts = others.Select(o => (Manager: o, Paths: o.Fields.Intersect(changed))).Where(c => !c.Paths.IsEmpty).ToList();
        if (conflicts.Count > 0 && !force)
        {
            throw ConflictError(conflicts);
        }

        // Forcing moves the conflicting fields to the applier; fields the apply removed are nobody's any more.
        foreach (var (manager, paths) in conflicts)
        {
            manager.Fields = manager.Fields.Except(paths);
        }

        foreach (var other in others)
        {
            other.Fields = other.Fields.Except(comparison.Removed);
        }

        var unchanged = previous is not null
            && JsonEquality.AreEqual(before, merged)
            && JsonEquality.AreEqual(previous.Fields.ToFieldsV1(), applier.Fields.ToFieldsV1());
        applier.Time = unchanged ? previous!.Time : ManagedFieldsEntry.FormatTime(now);
        ManagedFieldsEntry.Write(merged, others.Append(applier));
        return merged;
    }

    /// <summary>Records a non-apply write (create, update, patch) in managedFields: the manager now owns the fields it changed.</summary>
    public static void TrackUpdate(JsonObject? before, JsonObject after, string fieldManager, string operation, DateTimeOffset now, string? subresource = null)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        ArgumentException.ThrowIfNullOrEmpty(operation);

        if (after["metadata"] is JsonObject metadata && metadata["managedFields"] is JsonArray { Count: 0 })
        {
            // An explicit empty list is how a client resets field ownership.
            metadata.Remove("managedFields");
            return;
        }

        var apiVersion = Text(after, "apiVersion") ?? "";
        var kind = Text(after, "kind") ?? "";
        var group = PatchSchema.GroupOf(apiVersion);
        var walker = new TypedWalker(group, kind);

        // Entries sent with the write win, so a client can edit them; otherwise the stored ones carry over.
        var managers = ManagedFieldsEntry.Read(after) ?? ManagedFieldsEntry.Read(before) ?? [];
        var comparison = walker.Compare(before ?? EmptyObject(after, group, kind), after, Untracked(subresource)).Where(Tracked(subresource));
        var changed = comparison.Changed;

        var writer = new ManagedFieldsEntry(fieldManager, operation, apiVersion, null, subresource, new FieldSet());
        var previous = managers.Find(m => m.Identifier == writer.Identifier);
        foreach (var manager in managers)
        {
            manager.Fields = manager.Fields.Except(changed).Except(comparison.Removed);
        }

        if (!changed.IsEmpty)
        {
            // Like apimachinery's managedFieldsUpdater, the time moves only when the write took some fields.
            writer.Fields = previous is null ? changed : previous.Fields.Union(changed);
            writer.Time = ManagedFieldsEntry.FormatTime(now);
            managers.Remove(previous!);
            managers.Add(writer);
        }

        ManagedFieldsEntry.Write(after, managers);
    }

    /// <summary>
    /// What the apiserver compares against on create: the zero value of the Go type. Built-in kinds have a non-pointer
    /// spec struct, so spec is not "added" and owns no "." entry; unstructured custom resources start from nothing.
    /// </summary>
    private static JsonObject EmptyObject(JsonObject after, string group, string kind) =>
        PatchSchema.IsBuiltIn(group, kind) && after["spec"] is JsonObject ? new JsonObject { ["spec"] = new JsonObject() } : [];

    /// <summary>The part of an applied configuration the endpoint may write (see the class remarks).</summary>
    private static JsonObject EndpointView(JsonObject applied, string? subresource)
    {
        var config = (JsonObject)applied.DeepClone();
        (config["metadata"] as JsonObject)?.Remove("managedFields");
        if (subresource is null)
        {
            config.Remove("status");
        }
        else if (subresource == "status")
        {
            foreach (var key in config.Select(p => p.Key).Where(k => k is not ("apiVersion" or "kind" or "metadata" or "status")).ToList())
            {
                config.Remove(key);
            }

            if (config["metadata"] is JsonObject metadata)
            {
                foreach (var key in metadata.Select(p => p.Key).Where(k => k is not ("name" or "namespace")).ToList())
                {
                    metadata.Remove(key);
                }
            }
        }

        return config;
    }

    private static Func<IReadOnlyList<string>, bool> Tracked(string? subresource) => path =>
    {
        var top = path[0];
        if (top is "f:apiVersion" or "f:kind")
        {
            return false;
        }

        if (top == "f:metadata" && (path.Count == 1 || ServerOwnedMetadata.Contains(path[1])))
        {
            return false;
        }

        return subresource switch
        {
            null => top != "f:status",
            "status" => top == "f:status",
            _ => true,
        };
    };

    /// <summary>
    /// Whether nothing at or below an object field's path is tracked, so comparing it is wasted work: the server-owned
    /// parts (managedFields above all, a list compared entry by entry) are most of what a small object holds.
    /// </summary>
    private static Func<IReadOnlyList<string>, bool> Untracked(string? subresource) => path =>
    {
        var top = path[0];
        if (top is "f:apiVersion" or "f:kind")
        {
            return true;
        }

        if (path.Count == 2 && top == "f:metadata" && ServerOwnedMetadata.Contains(path[1]))
        {
            return true;
        }

        return path.Count == 1 && subresource switch
        {
            null => top == "f:status",
            "status" => top != "f:status",
            _ => false,
        };
    };

    /// <summary>Merges an applied configuration into the live object (typed.Merge); null in the configuration unsets.</summary>
    private static void MergeMap(JsonObject target, JsonObject config, string schemaPath, TypedWalker walker)
    {
        foreach (var (key, value) in config)
        {
            var childSchema = TypedWalker.Child(schemaPath, key);
            var existing = target[key];
            if (value is null)
            {
                target.Remove(key);
            }
            else if (existing is JsonObject existingMap && value is JsonObject configMap)
            {
                MergeMap(existingMap, configMap, childSchema, walker);
            }
            else if (existing is JsonArray existingList && value is JsonArray configList
                && walker.Granular(existingList, childSchema) is { } rule && walker.Granular(configList, childSchema) is not null)
            {
                target[key] = MergeList(existingList, configList, rule, childSchema, walker);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }

    /// <summary>Set and list-map merge: live items stay in place (map items merged), new items are appended in order.</summary>
    private static JsonArray MergeList(JsonArray live, JsonArray config, ListRule rule, string schemaPath, TypedWalker walker)
    {
        var items = live.ToList();
        live.Clear();
        foreach (var item in config)
        {
            var element = TypedWalker.ItemElement(rule, item);
            var index = items.FindIndex(i => TypedWalker.ItemElement(rule, i) == element);
            if (index < 0)
            {
                items.Add(item?.DeepClone());
            }
            else if (rule.SsaType == ListType.Map)
            {
                MergeMap((JsonObject)items[index]!, (JsonObject)item!, schemaPath, walker);
            }
        }

        return new JsonArray([.. items]);
    }

    /// <summary>
    /// Removes what the applier owned last time, no longer applies, and nobody else owns (Updater.prune). Maps and lists
    /// left empty by the removal go too, as structured-merge-diff removes named fields that end up with no members.
    /// </summary>
    private static void Prune(JsonObject merged, FieldSet last, FieldSet current, List<ManagedFieldsEntry> others, TypedWalker walker)
    {
        bool Kept(IReadOnlyList<string> path) =>
            current.ContainsOrHasDescendant(path) || others.Any(o => o.Fields.ContainsOrHasDescendant(path));

        foreach (var path in last.Paths().Where(p => !Kept(p)).OrderByDescending(p => p.Count).ToList())
        {
            RemovePath(merged, path, walker, Kept);
        }
    }

    private static void RemovePath(JsonObject root, IReadOnlyList<string> path, TypedWalker walker, Func<IReadOnlyList<string>, bool> kept)
    {
        // containers[i] holds the node that path[i] selects from; locations[i] is that element's position in it.
        var containers = new List<JsonNode>();
        var locations = new List<object>();
        JsonNode? node = root;
        var schemaPath = "";
        foreach (var element in path)
        {
            if (node is JsonObject map && element.StartsWith("f:", StringComparison.Ordinal) && map.ContainsKey(element[2..]))
            {
                containers.Add(map);
                locations.Add(element[2..]);
                node = map[element[2..]];
                schemaPath = TypedWalker.Child(schemaPath, element[2..]);
            }
            else if (node is JsonArray list && walker.Granular(list, schemaPath) is { } rule
                && list.ToList().FindIndex(item => TypedWalker.ItemElement(rule, item) == element) is var index and >= 0)
            {
                containers.Add(list);
                locations.Add(index);
                node = list[index];
            }
            else
            {
                return; // already gone
            }
        }

        for (var depth = path.Count - 1; depth >= 0; depth--)
        {
            var emptied = depth == path.Count - 1 || IsEmptyContainer(Child(containers[depth], locations[depth]));
            var removable = depth == path.Count - 1
                || (emptied && path[depth].StartsWith("f:", StringComparison.Ordinal) && !kept(path.Take(depth + 1).ToList()) && !(depth == 0 && path[0] == "f:metadata"));
            if (!removable)
            {
                return;
            }

            switch (containers[depth])
            {
                case JsonObject map:
                    map.Remove((string)locations[depth]);
                    break;
                case JsonArray list:
                    list.RemoveAt((int)locations[depth]);
                    break;
            }
        }
    }

    private static JsonNode? Child(JsonNode container, object location) =>
        container is JsonObject map ? map[(string)location] : ((JsonArray)container)[(int)location];

    private static bool IsEmptyContainer(JsonNode? node) => node is JsonObject { Count: 0 } or JsonArray { Count: 0 };

    /// <summary>The apiserver's conflict error (managedfields/internal/conflict.go NewConflictError).</summary>
    private static PatchException ConflictError(List<(ManagedFieldsEntry Manager, FieldSet Paths)> conflicts)
    {
        var byManager = conflicts
            .Select(c => (c.Manager, Paths: c.Paths.Paths().Select(FieldSet.Describe).ToList()))
            .OrderBy(c => c.Manager.Identifier, StringComparer.Ordinal)
            .ToList();
        var total = byManager.Sum(c => c.Paths.Count);

        // kubectl prints the message; clients that resolve conflicts read the causes, one per field.
        var causes = new JsonArray([.. byManager.SelectMany(c => c.Paths.Select(p => new JsonObject
        {
            ["reason"] = "FieldManagerConflict",
            ["message"] = $"conflict with {c.Manager.Printed}",
            ["field"] = p,
        }))]);
        if (total == 1)
        {
            return new PatchException(409, "Conflict", $"Apply failed with 1 conflict: conflict with {byManager[0].Manager.Printed}: {byManager[0].Paths[0]}") { Causes = causes };
        }

        var lines = byManager.SelectMany(c => c.Paths.Select(p => "- " + p).Prepend($"conflicts with {c.Manager.Printed}:"));
        return new PatchException(409, "Conflict", $"Apply failed with {total} conflicts: {string.Join('\n', lines)}") { Causes = causes };
    }

    private static string? Text(JsonObject? obj, string member) =>
        obj?[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
