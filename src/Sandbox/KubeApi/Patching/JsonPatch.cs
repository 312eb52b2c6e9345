using System.Globalization;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>
/// RFC 6902 JSON Patch with kube-apiserver's error mapping: a body that does not decode into a list of operation objects is
/// 400 BadRequest; an operation that decodes but cannot be applied (unknown op, missing member, bad path, failed test) is
/// 422 Invalid with the generic message, because the apiserver wraps every apply error in NewGenericServerResponse.
/// </summary>
public static class JsonPatch
{
    /// <summary>The apiserver's limit on operations in one JSON patch (maxJSONPatchOperations).</summary>
    internal const int MaxOperations = 10000;

    internal const string RejectedMessage = "the server rejected our request due to an error in our request";

    /// <summary>Applies the operations to a copy of <paramref name="target"/>; throws <see cref="PatchException"/>.</summary>
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(operations);

        var decoded = new List<JsonObject>(operations.Count);
        foreach (var operation in operations)
        {
            if (operation is not JsonObject obj)
            {
                var found = operation is null ? "null" : operation.GetValueKind().ToString().ToLowerInvariant();
                throw new PatchException(400, "BadRequest", $"json: cannot unmarshal {found} into Go value of type jsonpatch.Operation");
            }

            decoded.Add(obj);
        }

        if (decoded.Count > MaxOperations)
        {
            throw new PatchException(
                413,
                "RequestEntityTooLarge",
                string.Create(CultureInfo.InvariantCulture, $"Request entity too large: The allowed maximum operations in a JSON patch is {MaxOperations}, got {decoded.Count}"));
        }

        // Operations run on a private copy, so a failure half-way leaves the caller's document untouched.
        JsonNode? document = target.DeepClone();
        foreach (var operation in decoded)
        {
            document = ApplyOperation(document, operation);
        }

        return document ?? throw Rejected();
    }

    private static JsonNode? ApplyOperation(JsonNode? document, JsonObject operation)
    {
        var op = RequiredString(operation, "op");
        var path = Pointer(RequiredString(operation, "path"));
        switch (op)
        {
            case "add":
                return Add(document, path, RequiredValue(operation)?.DeepClone());
            case "remove":
                return Remove(document, path, out _);
            case "replace":
                var replacement = RequiredValue(operation)?.DeepClone();
                document = Remove(document, path, out _);
                return Add(document, path, replacement);
            case "move":
                var from = Pointer(RequiredString(operation, "from"));
                if (IsProperPrefix(from, path))
                {
                    throw Rejected(); // a value cannot be moved into one of its own children
                }

                document = Remove(document, from, out var moved);
                return Add(document, path, moved);
            case "copy":
                var source = Pointer(RequiredString(operation, "from"));
                if (!JsonPointer.TryResolve(document, source, source.Count, out var copied))
                {
                    throw Rejected();
                }

                return Add(document, path, copied?.DeepClone());
            case "test":
                var expected = RequiredValue(operation);
                if (!JsonPointer.TryResolve(document, path, path.Count, out var actual) || !JsonEquality.AreEqual(actual, expected))
                {
                    throw Rejected();
                }

                return document;
            default:
                throw Rejected();
        }
    }

    private static JsonNode? Add(JsonNode? document, List<string> path, JsonNode? value)
    {
        if (path.Count == 0)
        {
            return value; // the root is replaced
        }

        if (!JsonPointer.TryResolve(document, path, path.Count - 1, out var parent))
        {
            throw Rejected();
        }

        var last = path[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when JsonPointer.TryIndex(last, array.Count, out var index):
                array.Insert(index, value);
                break;
            default:
                throw Rejected();
        }

        return document;
    }

    private static JsonNode? Remove(JsonNode? document, List<string> path, out JsonNode? removed)
    {
        if (path.Count == 0)
        {
            removed = document;
            return null;
        }

        if (!JsonPointer.TryResolve(document, path, path.Count - 1, out var parent))
        {
            throw Rejected();
        }

        var last = path[^1];
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out removed):
                obj.Remove(last);
                return document;
            case JsonArray array when JsonPointer.TryIndex(last, array.Count - 1, out var index):
                removed = array[index];
                array.RemoveAt(index);
                return document;
            default:
                throw Rejected();
        }
    }

    private static bool IsProperPrefix(List<string> prefix, List<string> path) =>
        prefix.Count < path.Count && prefix.SequenceEqual(path.Take(prefix.Count), StringComparer.Ordinal);

    private static string RequiredString(JsonObject operation, string member) =>
        operation[member] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw Rejected();

    /// <summary>The "value" member; JSON null is a legal value, only a missing member is an error.</summary>
    private static JsonNode? RequiredValue(JsonObject operation) =>
        operation.TryGetPropertyValue("value", out var value) ? value : throw Rejected();

    private static List<string> Pointer(string text) => JsonPointer.Parse(text) ?? throw Rejected();

    private static PatchException Rejected() => new(422, "Invalid", RejectedMessage);
}
