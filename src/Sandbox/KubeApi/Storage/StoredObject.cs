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
    public StoredObject(JsonObject obj, long resourceVersion)
    {
        Object = obj;
        ResourceVersion = resourceVersion;
        Json = JsonSerializer.SerializeToUtf8Bytes(obj, JsonDefaults.Options);
        var metadata = Metadata;
        Name = metadata["name"]!.GetValue<string>();
        Namespace = metadata["namespace"]?.GetValue<string>() ?? string.Empty;
        Uid = metadata["uid"]?.GetValue<string>() ?? string.Empty;
    }

    public JsonObject Object { get; }

    public byte[] Json { get; }

    public long ResourceVersion { get; }

    public JsonObject Metadata => Object["metadata"]!.AsObject();

    public string Name { get; }

    public string Namespace { get; }

    public string Uid { get; }

    public JsonObject CloneObject() => Object.DeepClone().AsObject();
}
