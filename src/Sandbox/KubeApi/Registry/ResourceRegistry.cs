using System.Collections.Frozen;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;

namespace AcrOperator.Sandbox.KubeApi.Registry;

/// <summary>
/// The set of served resources. Changed only under the store lock (CRD writes) and read lock-free by request
/// handlers through an immutable snapshot, so discovery follows CRD registration at once.
/// </summary>
internal sealed class ResourceRegistry
{
    private readonly ServedResource[] builtins;
    private volatile Snapshot current;

    public ResourceRegistry()
    {
        builtins = [.. BuiltinResources.All()];
        current = new Snapshot(builtins);
    }

    /// <summary>Raised (under the store lock) when the served set changes, e.g. for OpenAPI hashes.</summary>
    public int Generation => current.Generation;

    public IReadOnlyList<ServedResource> All => current.Resources;

    public ServedResource? Find(string group, string version, string plural) =>
        current.ByPath.TryGetValue((group, version, plural), out var resource) ? resource : null;

    /// <summary>Every served version of a stored collection (a CRD may serve several).</summary>
    public IEnumerable<ServedResource> ByStorageKey(string storageKey) => current.Resources.Where(r => r.StorageKey == storageKey);

    public ServedResource? FindByKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        var version = slash < 0 ? apiVersion : apiVersion[(slash + 1)..];
        return current.Resources.FirstOrDefault(r => r.Descriptor.Group == group && r.Descriptor.Version == version && r.Descriptor.Kind == kind);
    }

    /// <summary>Replaces the resources a CRD serves with those of its current spec (none when <paramref name="crd"/> is null).</summary>
    public void SetCustomResources(string crdName, JsonObject? crd)
    {
        var kept = current.Resources.Where(r => r.CrdName != crdName);
        var added = crd is null ? [] : FromCrd(crdName, crd);
        current = new Snapshot([.. kept, .. added], current.Generation + 1);
    }

    private static List<ServedResource> FromCrd(string crdName, JsonObject crd)
    {
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        var group = spec["group"]!.GetValue<string>();
        var kind = names["kind"]!.GetValue<string>();
        var result = new List<ServedResource>();
        foreach (var versionNode in spec["versions"]!.AsArray())
        {
            var version = versionNode!.AsObject();
            if (version["served"]?.GetValue<bool>() == false)
            {
                continue;
            }

            var columns = new List<PrinterColumn>();
            foreach (var column in version["additionalPrinterColumns"]?.AsArray() ?? [])
            {
                columns.Add(new PrinterColumn(
                    column!["name"]!.GetValue<string>(),
                    column["type"]!.GetValue<string>(),
                    column["jsonPath"]!.GetValue<string>(),
                    column["description"]?.GetValue<string>(),
                    column["format"]?.GetValue<string>(),
                    column["priority"]?.GetValue<int>() ?? 0));
            }

            var selectable = new Dictionary<string, Func<JsonObject, string?>>();
            foreach (var field in version["selectableFields"]?.AsArray() ?? [])
            {
                var path = field!["jsonPath"]!.GetValue<string>().TrimStart('.');
                selectable[path] = o => ReadPath(o, path);
            }

            var descriptor = new ResourceDescriptor(
                group,
                version["name"]!.GetValue<string>(),
                kind,
                names["plural"]!.GetValue<string>(),
                names["singular"]?.GetValue<string>() ?? kind.ToLowerInvariant(),
                spec["scope"]?.GetValue<string>() != "Cluster",
                [.. (names["shortNames"]?.AsArray() ?? []).Select(n => n!.GetValue<string>())],
                [.. (names["categories"]?.AsArray() ?? []).Select(n => n!.GetValue<string>())],
                BuiltinResources.AllVerbs,
                version["subresources"]?["status"] is not null,
                true,
                version["schema"]?["openAPIV3Schema"]?.DeepClone().AsObject(),
                columns);
            result.Add(new ServedResource(descriptor, crdName)
            {
                AllowUnconditionalUpdate = false,
                TracksGeneration = true,
                ExtraFields = selectable,
            });
        }

        return result;
    }

    private static string? ReadPath(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            null => null,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }

    private sealed class Snapshot
    {
        public Snapshot(ServedResource[] resources, int generation = 0)
        {
            Resources = resources;
            Generation = generation;
            ByPath = resources.ToFrozenDictionary(r => (r.Descriptor.Group, r.Descriptor.Version, r.Descriptor.Plural));
        }

        public ServedResource[] Resources { get; }

        public int Generation { get; }

        public FrozenDictionary<(string Group, string Version, string Plural), ServedResource> ByPath { get; }
    }
}
