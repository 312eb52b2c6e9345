using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>Dotted-path access and merging on JSON bodies, which the declarative type rules are written in.</summary>
internal static class JsonPaths
{
    public static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var part in path.Split('.'))
        {
            if (node is not JsonObject obj || !obj.TryGetPropertyValue(part, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static bool Has(JsonObject root, string path)
    {
        var parts = path.Split('.');
        var parent = parts.Length == 1 ? root : Get(root, string.Join('.', parts[..^1])) as JsonObject;
        return parent is not null && parent.ContainsKey(parts[^1]);
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject next)
            {
                next = [];
                node[part] = next;
            }

            node = next;
        }

        node[parts[^1]] = value;
    }

    public static void Remove(JsonObject root, string path)
    {
        var parts = path.Split('.');
        var parent = parts.Length == 1 ? root : Get(root, string.Join('.', parts[..^1])) as JsonObject;
        parent?.Remove(parts[^1]);
    }

    /// <summary>Copies <paramref name="source"/> over <paramref name="target"/>: objects merge recursively, anything else replaces; nulls in the source are "not given".</summary>
    public static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source)
        {
            if (value is null)
            {
                continue;
            }

            if (value is JsonObject sourceObject && target[name] is JsonObject targetObject)
            {
                Merge(targetObject, sourceObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
