using System.Collections.Frozen;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>
/// The patch metadata of the built-in kinds the emulator serves, transcribed from the Go struct tags of
/// k8s.io/api v0.32 (core/v1, coordination/v1, events/v1) and apiextensions-apiserver v1. Only lists need entries:
/// every object is a granular map for both strategic merge and apply, and every untagged list is atomic.
/// Paths are field names from the object root; list items do not add a segment.
/// </summary>
internal static class PatchSchema
{
    private static readonly FrozenSet<(string Group, string Kind)> BuiltIns = new[]
    {
        ("", "Namespace"),
        ("", "Secret"),
        ("", "ConfigMap"),
        ("", "ServiceAccount"),
        ("", "Event"),
        ("events.k8s.io", "Event"),
        ("coordination.k8s.io", "Lease"),
        ("apiextensions.k8s.io", "CustomResourceDefinition"),
    }.ToFrozenSet();

    /// <summary>ObjectMeta lists, shared by every kind including custom resources (their schema embeds ObjectMeta).</summary>
    private static readonly FrozenDictionary<string, ListRule> ObjectMetaLists = new Dictionary<string, ListRule>(StringComparer.Ordinal)
    {
        // +patchStrategy=merge +listType=set
        ["metadata.finalizers"] = new(true, null, ListType.Set, []),

        // +patchMergeKey=uid +patchStrategy=merge +listType=map +listMapKey=uid
        ["metadata.ownerReferences"] = new(true, "uid", ListType.Map, ["uid"]),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<(string Group, string Kind), FrozenDictionary<string, ListRule>> KindLists =
        new Dictionary<(string Group, string Kind), FrozenDictionary<string, ListRule>>
        {
            // ServiceAccount.secrets: +patchMergeKey=name +patchStrategy=merge +listType=map +listMapKey=name.
            // ServiceAccount.imagePullSecrets carries no patch tags (unlike PodSpec.imagePullSecrets), so it is replaced.
            [("", "ServiceAccount")] = Rules(("secrets", new(true, "name", ListType.Map, ["name"]))),

            // NamespaceStatus.conditions: +patchMergeKey=type +patchStrategy=merge +listType=map +listMapKey=type.
            [("", "Namespace")] = Rules(("status.conditions", new(true, "type", ListType.Map, ["type"]))),

            // CustomResourceDefinitionStatus.conditions: +listType=map +listMapKey=type, no strategic-merge tags.
            [("apiextensions.k8s.io", "CustomResourceDefinition")] = Rules(("status.conditions", new(false, null, ListType.Map, ["type"]))),
        }.ToFrozenDictionary();

    public static bool IsBuiltIn(string group, string kind) => BuiltIns.Contains((group, kind));

    /// <summary>
    /// The rule for the list at <paramref name="path"/>. Custom resources get only the ObjectMeta rules: the emulator does
    /// not pass their CRD schema here, so their own lists are atomic, as they are in a CRD without x-kubernetes-list-type.
    /// </summary>
    public static ListRule ListRuleFor(string group, string kind, string path)
    {
        if (ObjectMetaLists.TryGetValue(path, out var meta))
        {
            return meta;
        }

        return KindLists.TryGetValue((group, kind), out var lists) && lists.TryGetValue(path, out var rule) ? rule : ListRule.Atomic;
    }

    /// <summary>Splits an apiVersion into its group ("" for the core group).</summary>
    public static string GroupOf(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion))
        {
            return "";
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : apiVersion[..slash];
    }

    private static FrozenDictionary<string, ListRule> Rules(params (string Path, ListRule Rule)[] rules) =>
        rules.ToFrozenDictionary(r => r.Path, r => r.Rule, StringComparer.Ordinal);
}
