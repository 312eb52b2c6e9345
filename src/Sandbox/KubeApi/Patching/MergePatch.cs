using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>RFC 7386 JSON Merge Patch: objects merge recursively, null deletes a member, anything else replaces.</summary>
public static class MergePatch
{
    /// <summary>Returns a new document: <paramref name="target"/> with <paramref name="patch"/> merged in; null deletes a key.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        MergeInto(result, patchObject);
        return result;
    }

    /// <summary>Merges into <paramref name="target"/>, which the caller owns, so nested objects are edited in place.</summary>
    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject nested)
            {
                if (target[key] is JsonObject existing)
                {
                    MergeInto(existing, nested);
                }
                else
                {
                    var fresh = new JsonObject();
                    MergeInto(fresh, nested); // drops nulls inside a new object, as RFC 7386 does
                    target[key] = fresh;
                }
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
