using System.Text;

namespace AcrOperator.Sandbox.KubeApi.Storage;

/// <summary>
/// A committed change, kept in the bounded history for watch resumption and snapshots. Its wire line is built
/// once, on first use, and shared by every watcher that receives it unchanged.
/// </summary>
internal sealed class WatchEvent
{
    private static readonly byte[] Suffix = "}\n"u8.ToArray();
    private byte[]? line;

    public WatchEvent(string storageKey, string key, string type, StoredObject obj, StoredObject? previous, DateTimeOffset at)
    {
        StorageKey = storageKey;
        Key = key;
        Type = type;
        Object = obj;
        Previous = previous;
        At = at;
    }

    public string StorageKey { get; }

    public string Key { get; }

    /// <summary>ADDED, MODIFIED or DELETED as committed; a watcher's selector may turn it into another type.</summary>
    public string Type { get; }

    /// <summary>The new state; for DELETED the last state carrying the deletion's resourceVersion.</summary>
    public StoredObject Object { get; }

    /// <summary>The state before the change (null for ADDED).</summary>
    public StoredObject? Previous { get; }

    public DateTimeOffset At { get; }

    public long ResourceVersion => Object.ResourceVersion;

    public byte[] Line => line ??= Build(Type, Object.Json);

    public static byte[] Build(string type, byte[] objectJson)
    {
        var prefix = Encoding.UTF8.GetBytes("{\"type\":\"" + type + "\",\"object\":");
        var bytes = new byte[prefix.Length + objectJson.Length + Suffix.Length];
        prefix.CopyTo(bytes, 0);
        objectJson.CopyTo(bytes, prefix.Length);
        Suffix.CopyTo(bytes, prefix.Length + objectJson.Length);
        return bytes;
    }
}
