using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Sandbox.KubeApi.Model;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.KubeApi;

/// <summary>
/// The apiserver's checks of ConfigMap and Secret contents: values must decode (strings; base64 for byte fields, with
/// Go's <c>illegal base64 data at input byte N</c>) and keys must be valid config keys (<c>ValidateConfigMap</c>,
/// <c>ValidateSecret</c>), so what is stored can be mounted as files and read back by any client.
/// </summary>
internal static partial class ConfigDataValidation
{
    private const int MaxSize = 1024 * 1024;
    private const string KeyFormat = "[-._a-zA-Z0-9]+";
    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Decode errors of a Secret's data and stringData; runs before stringData is merged.</summary>
    public static void CheckSecretTypes(ResourceDescriptor descriptor, JsonObject secret)
    {
        CheckMap(descriptor, secret, "Secret", "data", binary: true);
        CheckMap(descriptor, secret, "Secret", "stringData", binary: false);
    }

    public static void CheckConfigMapTypes(ResourceDescriptor descriptor, JsonObject configMap)
    {
        CheckMap(descriptor, configMap, "ConfigMap", "data", binary: false);
        CheckMap(descriptor, configMap, "ConfigMap", "binaryData", binary: true);
    }

    public static List<FieldError> ValidateSecret(JsonObject secret)
    {
        var errors = new List<FieldError>();
        long size = 0;
        foreach (var (key, value) in secret["data"] as JsonObject ?? [])
        {
            AddKeyErrors(errors, "data", key);
            size += DecodedLength(value);
        }

        if (size > MaxSize)
        {
            errors.Add(FieldErrors.TooLong("data", string.Empty, MaxSize));
        }

        return errors;
    }

    public static List<FieldError> ValidateConfigMap(JsonObject configMap)
    {
        var errors = new List<FieldError>();
        var data = configMap["data"] as JsonObject ?? [];
        var binary = configMap["binaryData"] as JsonObject ?? [];
        long size = 0;
        foreach (var (key, value) in data)
        {
            AddKeyErrors(errors, "data", key);
            if (binary.ContainsKey(key))
            {
                errors.Add(FieldErrors.Invalid($"data[{key}]", key, "duplicate of key present in binaryData"));
            }

            size += Encoding.UTF8.GetByteCount(value?.GetValue<string>() ?? string.Empty);
        }

        foreach (var (key, value) in binary)
        {
            AddKeyErrors(errors, "binaryData", key);
            if (data.ContainsKey(key))
            {
                errors.Add(FieldErrors.Invalid($"binaryData[{key}]", key, "duplicate of key present in data"));
            }

            size += DecodedLength(value);
        }

        if (size > MaxSize)
        {
            errors.Add(FieldErrors.TooLong(string.Empty, string.Empty, MaxSize));
        }

        return errors;
    }

    /// <summary>apimachinery's IsConfigMapKey.</summary>
    private static void AddKeyErrors(List<FieldError> errors, string field, string key)
    {
        var path = $"{field}[{key}]";
        if (key.Length > 253)
        {
            errors.Add(FieldErrors.Invalid(path, key, "must be no more than 253 characters"));
        }

        if (!KeyRegex().IsMatch(key))
        {
            errors.Add(FieldErrors.Invalid(path, key, $"a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '{KeyFormat}')"));
        }

        if (key == ".")
        {
            errors.Add(FieldErrors.Invalid(path, key, "must not be '.'"));
        }
        else if (key == "..")
        {
            errors.Add(FieldErrors.Invalid(path, key, "must not be '..'"));
        }
        else if (key.StartsWith("..", StringComparison.Ordinal))
        {
            errors.Add(FieldErrors.Invalid(path, key, "must not start with '..'"));
        }
    }

    private static void CheckMap(ResourceDescriptor descriptor, JsonObject obj, string goStruct, string field, bool binary)
    {
        if (obj[field] is not { } node)
        {
            return;
        }

        var map = node as JsonObject ?? throw DecodeError(descriptor, $"json: cannot unmarshal {KindOf(node)} into Go struct field {goStruct}.{field} of type map[string]{(binary ? "[]uint8" : "string")}");
        foreach (var (key, value) in map.ToList())
        {
            if (value is null)
            {
                // JSON null decodes to an empty value.
                map[key] = string.Empty;
                continue;
            }

            if (value.GetValueKind() != JsonValueKind.String)
            {
                throw DecodeError(descriptor, $"json: cannot unmarshal {KindOf(value)} into Go struct field {goStruct}.{field} of type {(binary ? "[]uint8" : "string")}");
            }

            if (binary && Base64ErrorOffset(value.GetValue<string>()) is { } offset)
            {
                throw DecodeError(descriptor, $"illegal base64 data at input byte {offset}");
            }
        }
    }

    private static ApiException DecodeError(ResourceDescriptor descriptor, string message) =>
        ApiException.BadRequest($"{descriptor.Kind} in version \"{descriptor.Version}\" cannot be handled as a {descriptor.Kind}: {message}");

    private static string KindOf(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "number",
    };

    private static long DecodedLength(JsonNode? value)
    {
        var text = value?.GetValue<string>() ?? string.Empty;
        var length = text.Count(c => c is not ('\r' or '\n' or '='));
        return length * 3L / 4;
    }

    /// <summary>
    /// Where Go's base64.StdEncoding.Decode (what encoding/json uses for []byte) fails on these UTF-8 bytes, or null:
    /// newlines are skipped, padding is required, and anything after the padding is an error.
    /// </summary>
    private static int? Base64ErrorOffset(string text)
    {
        var src = Encoding.UTF8.GetBytes(text);
        var si = 0;
        while (si < src.Length)
        {
            for (var j = 0; j < 4; j++)
            {
                if (si == src.Length)
                {
                    return j == 0 ? null : si - j;
                }

                var c = src[si++];
                if (Base64Alphabet.Contains((char)c, StringComparison.Ordinal))
                {
                    continue;
                }

                if (c is (byte)'\n' or (byte)'\r')
                {
                    j--;
                    continue;
                }

                if (c != '=' || j < 2)
                {
                    return si - 1;
                }

                if (j == 2)
                {
                    si = SkipNewlines(src, si);
                    if (si == src.Length)
                    {
                        return src.Length;
                    }

                    if (src[si] != '=')
                    {
                        return si - 1;
                    }

                    si++;
                }

                si = SkipNewlines(src, si);
                return si < src.Length ? si : null;
            }
        }

        return null;
    }

    private static int SkipNewlines(byte[] src, int si)
    {
        while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
        {
            si++;
        }

        return si;
    }

    [GeneratedRegex("^" + KeyFormat + "$")]
    private static partial Regex KeyRegex();
}
