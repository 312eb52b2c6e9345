using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Storage;

/// <summary>
/// One stored version of an object. <see cref="Object"/> is never mutated once stored (writers clone it), so
/// readers can serve <see cref="Json"/> without copying and watchers can share it.
/// </summary>
internal sealed class StoredObject
{
    public StoredObject(JsonObject obj, long resourceVersion)
    {
        Object = obj;
        ResourceVersion = resourceVersion;
        Json = JsonSerializer.SerializeToUtf8Bytes(obj, JsonDefaults.Options);
    }

    public JsonObject Object { get; }

    public byte[] Json { get; }

    public long ResourceVersion { get; }

    public JsonObject Metadata => Object["metadata"]!.AsObject();

    public string Name => Metadata["name"]!.GetValue<string>();

    public string Namespace => Metadata["namespace"]?.GetValue<string>() ?? string.Empty;

    public string Uid => Metadata["uid"]?.GetValue<string>() ?? string.Empty;

    public JsonObject CloneObject() => Object.DeepClone().AsObject();
}
