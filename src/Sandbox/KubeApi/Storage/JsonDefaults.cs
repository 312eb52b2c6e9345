using System.Text.Encodings.Web;
using System.Text.Json;

namespace AcrOperator.Sandbox.KubeApi.Storage;

/// <summary>Serializer settings matching Go's encoding/json closely enough: compact, and no escaping of '+', '&lt;' or non-ASCII.</summary>
internal static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 1000 };

    public static byte[] Serialize(System.Text.Json.Nodes.JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node, Options);
}
