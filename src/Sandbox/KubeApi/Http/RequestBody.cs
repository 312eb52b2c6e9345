using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Storage;
using YamlDotNet.RepresentationModel;

namespace AcrOperator.Sandbox.KubeApi.Http;

/// <summary>Reading request bodies within the size limit, and decoding them as the apiserver's decoders would.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw ApiException.TooLarge(limit);
        }

        if (request.ContentLength is { } length)
        {
            // The usual case: read straight into an array of the announced size, with no staging buffer per request.
            var body = new byte[length];
            var filled = 0;
            int count;
            while (filled < body.Length && (count = await request.Body.ReadAsync(body.AsMemory(filled), cancellationToken)) > 0)
            {
                filled += count;
            }

            return filled == body.Length ? body : body[..filled];
        }

        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw ApiException.TooLarge(limit);
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    public static JsonNode? ParseJson(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: JsonDefaults.DocumentOptions);
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest("error decoding json: " + e.Message);
        }
    }

    /// <summary>A create or update body: a JSON (or YAML) object.</summary>
    public static JsonObject ParseObject(byte[] body, string? contentType)
    {
        var media = contentType is null ? "application/json" : MediaType.Parse(contentType).Type;
        var node = media switch
        {
            "application/json" or "*/*" => ParseJson(body),
            "application/yaml" => ParseYamlOrJson(body),
            _ => throw ApiException.UnsupportedMediaType(),
        };
        return node as JsonObject ?? throw ApiException.BadRequest("Object 'Kind' is missing in '" + Encoding.UTF8.GetString(body) + "'");
    }

    /// <summary>Apply bodies may be YAML or JSON (which is YAML); kubectl and the C# client send JSON.</summary>
    public static JsonNode? ParseYamlOrJson(byte[] body)
    {
        var trimmed = body.AsSpan().TrimStart(" \t\r\n"u8);
        if (trimmed.Length > 0 && trimmed[0] is (byte)'{' or (byte)'[')
        {
            return ParseJson(body);
        }

        try
        {
            var yaml = new YamlStream();
            using var reader = new StringReader(Encoding.UTF8.GetString(body));
            yaml.Load(reader);
            return yaml.Documents.Count == 0 ? null : Convert(yaml.Documents[0].RootNode);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw ApiException.BadRequest("error converting YAML to JSON: " + e.Message);
        }
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? string.Empty, Convert(p.Value)))),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style is YamlDotNet.Core.ScalarStyle.SingleQuoted or YamlDotNet.Core.ScalarStyle.DoubleQuoted or YamlDotNet.Core.ScalarStyle.Literal or YamlDotNet.Core.ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
            _ when double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && value.Any(char.IsDigit) => JsonValue.Create(d),
            _ => JsonValue.Create(value),
        };
    }
}
