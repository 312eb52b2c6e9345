using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Registry;

namespace AcrOperator.Sandbox.KubeApi.Http;

/// <summary>/version, aggregated discovery (v2 and v2beta1) and the legacy discovery documents, built from the registry.</summary>
internal static class DiscoveryDocuments
{
    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.4",
        ["gitCommit"] = "59526cd4867447956156ae3a602fcbac10a2c335",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2025-04-22T16:01:40Z",
        ["goVersion"] = "go1.23.6",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static string AggregatedContentType(string version) => $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList";

    /// <summary>The APIGroupDiscoveryList for <c>/api</c> (core only) or <c>/apis</c> (every other group).</summary>
    public static JsonObject Aggregated(IReadOnlyList<ServedResource> resources, bool core, string version)
    {
        var items = new JsonArray();
        foreach (var group in Groups(resources, core))
        {
            var versions = new JsonArray();
            foreach (var byVersion in group.GroupBy(r => r.Descriptor.Version))
            {
                var list = new JsonArray();
                foreach (var resource in byVersion)
                {
                    var d = resource.Descriptor;
                    var entry = new JsonObject
                    {
                        ["resource"] = d.Plural,
                        ["responseKind"] = Kind(d.Group, d.Version, d.Kind),
                        ["scope"] = d.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = d.Singular,
                        ["verbs"] = Strings(d.Verbs),
                    };
                    if (d.ShortNames.Count > 0)
                    {
                        entry["shortNames"] = Strings(d.ShortNames);
                    }

                    if (d.Categories.Count > 0)
                    {
                        entry["categories"] = Strings(d.Categories);
                    }

                    if (d.HasStatusSubresource)
                    {
                        entry["subresources"] = new JsonArray(new JsonObject
                        {
                            ["subresource"] = "status",
                            ["responseKind"] = Kind(d.Group, d.Version, d.Kind),
                            ["verbs"] = Strings(["get", "patch", "update"]),
                        });
                    }

                    list.Add(entry);
                }

                versions.Add(new JsonObject { ["version"] = byVersion.Key, ["resources"] = list, ["freshness"] = "Current" });
            }

            items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = group.Key }, ["versions"] = versions });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/" + version,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    public static JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = Strings(["v1"]),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }),
    };

    public static JsonObject GroupList(IReadOnlyList<ServedResource> resources)
    {
        var groups = new JsonArray();
        foreach (var group in Groups(resources, core: false))
        {
            groups.Add(Group(group.Key, group));
        }

        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    public static JsonObject? GroupDocument(IReadOnlyList<ServedResource> resources, string name)
    {
        var group = Groups(resources, core: false).FirstOrDefault(g => g.Key == name);
        if (group is null)
        {
            return null;
        }

        var document = Group(name, group);
        document["kind"] = "APIGroup";
        document["apiVersion"] = "v1";
        return document;
    }

    /// <summary>APIResourceList for <c>/api/v1</c> or <c>/apis/{group}/{version}</c>; null when nothing is served there.</summary>
    public static JsonObject? ResourceList(IReadOnlyList<ServedResource> resources, string group, string version)
    {
        var served = resources.Where(r => r.Descriptor.Group == group && r.Descriptor.Version == version).ToList();
        if (served.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var resource in served)
        {
            var d = resource.Descriptor;
            var entry = new JsonObject
            {
                ["name"] = d.Plural,
                ["singularName"] = d.Singular,
                ["namespaced"] = d.Namespaced,
                ["kind"] = d.Kind,
                ["verbs"] = Strings(d.Verbs),
            };
            if (d.ShortNames.Count > 0)
            {
                entry["shortNames"] = Strings(d.ShortNames);
            }

            if (d.Categories.Count > 0)
            {
                entry["categories"] = Strings(d.Categories);
            }

            list.Add(entry);
            if (d.HasStatusSubresource)
            {
                list.Add(new JsonObject
                {
                    ["name"] = d.Plural + "/status",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = d.Namespaced,
                    ["kind"] = d.Kind,
                    ["verbs"] = Strings(["get", "patch", "update"]),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    private static IEnumerable<IGrouping<string, ServedResource>> Groups(IReadOnlyList<ServedResource> resources, bool core) =>
        resources.Where(r => (r.Descriptor.Group.Length == 0) == core).GroupBy(r => r.Descriptor.Group);

    private static JsonObject Group(string name, IEnumerable<ServedResource> resources)
    {
        var versions = new JsonArray();
        foreach (var version in resources.Select(r => r.Descriptor.Version).Distinct())
        {
            versions.Add(new JsonObject { ["groupVersion"] = $"{name}/{version}", ["version"] = version });
        }

        return new JsonObject
        {
            ["name"] = name,
            ["versions"] = versions,
            ["preferredVersion"] = versions[0]!.DeepClone(),
        };
    }

    private static JsonObject Kind(string group, string version, string kind) => new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
