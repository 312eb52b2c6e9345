using System.Text.Json.Nodes;

namespace AcrOperator.Runtime.Status;

/// <summary>
/// Computes the RFC 7386 merge patch that turns one JSON document into another, so a write carries only
/// what changed (and explicit nulls for what was removed).
/// </summary>
public static class JsonMergePatch
{
    /// <summary>Returns false when the documents are equal; otherwise the patch.</summary>
    public static bool TryCreate(JsonNode? from, JsonNode? to, out JsonNode? patch)
    {
        if (from is JsonObject fromObject && to is JsonObject toObject)
        {
            var result = new JsonObject();
            foreach (var (name, _) in fromObject)
            {
                if (!toObject.ContainsKey(name))
                {
                    result[name] = null;
                }
            }

            foreach (var (name, value) in toObject)
            {
                if (!fromObject.TryGetPropertyValue(name, out var old))
                {
                    result[name] = value?.DeepClone();
                }
                else if (TryCreate(old, value, out var child))
                {
                    result[name] = child;
                }
            }

            patch = result.Count == 0 ? null : result;
            return result.Count > 0;
        }

        if (JsonNode.DeepEquals(from, to))
        {
            patch = null;
            return false;
        }

        // Arrays and scalars are replaced whole: merge patch has no finer edit for them.
        patch = to?.DeepClone();
        return true;
    }

    /// <summary>Applies an RFC 7386 merge patch to a copy of <paramref name="target"/>.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(name);
            }
            else
            {
                result[name] = Apply(result[name], value);
            }
        }

        return result;
    }

    /// <summary>Whether the patch holds an array anywhere (which it would replace whole).</summary>
    public static bool ReplacesAnArray(JsonNode? patch) => patch switch
    {
        JsonArray => true,
        JsonObject o => o.Any(member => ReplacesAnArray(member.Value)),
        _ => false,
    };
}
