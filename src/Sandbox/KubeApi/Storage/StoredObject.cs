using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Storage;

/// <summary>
/// One stored version of an object. <see cref="Object"/> is never mutated once stored (writers clone it), so
/// readers can serve <see cref="Json"/> without copying and watchers can share it. Its identity is read once here:
/// lists, selectors and watch filters ask for it per object per request.
/// </summary>
internal sealed class StoredObject
{
    // Null once the version is superseded (see ReleaseTree); Json stays the source of truth.
    private JsonObject? tree;

    public StoredObject(JsonObject obj, long resourceVersion)
    {
        tree = obj;
        ResourceVersion = resourceVersion;
        Json = JsonSerializer.SerializeToUtf8Bytes(obj, JsonDefaults.Options);
        var metadata = Metadata;
        Name = metadata["name"]!.GetValue<string>();
        Namespace = metadata["namespace"]?.GetValue<string>() ?? string.Empty;
        Uid = metadata["uid"]?.GetValue<string>() ?? string.Empty;
        ApiVersion = obj["apiVersion"] is JsonValue version && version.TryGetValue<string>(out var text) ? text : null;
    }

    /// <summary>The object as a tree; a superseded version is parsed again from <see cref="Json"/> when asked for.</summary>
    public JsonObject Object => tree ?? JsonNode.Parse(Json, documentOptions: JsonDefaults.DocumentOptions)!.AsObject();

    public byte[] Json { get; }

    public long ResourceVersion { get; }

    public JsonObject Metadata => Object["metadata"]!.AsObject();

    public string Name { get; }

    public string Namespace { get; }

    public string Uid { get; }

    public string? ApiVersion { get; }

    public JsonObject CloneObject() => Object.DeepClone().AsObject();

    /// <summary>
    /// Drops the tree of a version only the watch history still holds: a tree is dozens of long-lived objects the
    /// collector would trace on every full collection, while the history rarely reads an old version again.
    /// </summary>
    public void ReleaseTree() => tree = null;
}
