using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.KubeApi.Protobuf;

/// <summary>
/// The apiserver's protobuf encoding (k8s.io/apimachinery/pkg/runtime/serializer/protobuf): the magic
/// <c>k8s\0</c>, then a runtime.Unknown {typeMeta = 1 {apiVersion, kind}, raw = 2, contentEncoding = 3,
/// contentType = 4} whose raw bytes are the object's message. Translates to and from the emulator's JSON model.
/// </summary>
internal static class ProtobufCodec
{
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>Decodes a request body; the envelope's apiVersion and kind pick the message and land in the JSON.</summary>
    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        if (!body.Span.StartsWith(Magic))
        {
            throw new InvalidDataException("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }

        string apiVersion = string.Empty, kind = string.Empty, encoding = string.Empty;
        ReadOnlyMemory<byte> raw = default;
        var reader = new WireReader(body[Magic.Length..]);
        while (!reader.AtEnd)
        {
            var (field, type) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    var typeMeta = DecodeMessage(Expect(reader, type), TypeMeta);
                    apiVersion = JsonValues.AsString(typeMeta["apiVersion"]) ?? string.Empty;
                    kind = JsonValues.AsString(typeMeta["kind"]) ?? string.Empty;
                    break;
                case 2:
                    raw = Expect(reader, type);
                    break;
                case 3:
                    encoding = Encoding.UTF8.GetString(Expect(reader, type).Span);
                    break;
                default:
                    reader.Skip(type);
                    break;
            }
        }

        if (encoding.Length > 0)
        {
            throw new InvalidDataException($"unsupported content encoding \"{encoding}\"");
        }

        var message = KubernetesMessages.Of(apiVersion, kind)
            ?? throw new InvalidDataException($"no kind \"{kind}\" is registered for version \"{apiVersion}\"");
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (name, value) in DecodeMessage(raw, message).ToList())
        {
            obj[name] = value?.DeepClone();
        }

        return obj;
    }

    /// <summary>An object as the apiserver writes it: the envelope around its message, typeMeta from the object.</summary>
    public static byte[] Encode(JsonObject obj, ProtoMessage message) =>
        Envelope(JsonValues.AsString(obj["apiVersion"]) ?? string.Empty, JsonValues.AsString(obj["kind"]) ?? string.Empty, EncodeMessage(obj, message));

    /// <summary>A <c>XxxList</c>: ListMeta as field 1, the items (without typeMeta, as in Go's typed lists) as field 2.</summary>
    public static byte[] EncodeList(string apiVersion, string listKind, JsonObject listMeta, IEnumerable<JsonObject> items, ProtoMessage item)
    {
        var list = new WireWriter();
        list.WriteBytes(1, EncodeMessage(listMeta, KubernetesMessages.ListMeta));
        foreach (var obj in items)
        {
            list.WriteBytes(2, EncodeMessage(obj, item));
        }

        return Envelope(apiVersion, listKind, list.ToArray());
    }

    public static JsonObject DecodeMessage(ReadOnlyMemory<byte> data, ProtoMessage message)
    {
        var result = new JsonObject();
        var reader = new WireReader(data);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadTag();
            if (message.FieldOf(number) is not { } field)
            {
                reader.Skip(type);
                continue;
            }

            if (field.Kind is ProtoFieldKind.StringMap or ProtoFieldKind.BytesMap)
            {
                var entry = DecodeMessage(Expect(reader, type), field.Kind == ProtoFieldKind.StringMap ? StringEntry : BytesEntry);
                var map = result[field.Name] as JsonObject ?? [];
                map[JsonValues.AsString(entry["key"]) ?? string.Empty] = entry["value"]?.DeepClone() ?? string.Empty;
                result[field.Name] = map;
                continue;
            }

            var value = ReadValue(reader, type, field);
            if (field.Repeated)
            {
                var list = result[field.Name] as JsonArray ?? [];
                list.Add(value);
                result[field.Name] = list;
            }
            else if (!IsEmpty(value, field))
            {
                result[field.Name] = value;
            }
            else
            {
                result.Remove(field.Name);
            }
        }

        return result;
    }

    public static byte[] EncodeMessage(JsonObject obj, ProtoMessage message)
    {
        var writer = new WireWriter();
        foreach (var field in message.Fields)
        {
            if (obj[field.Name] is not { } node)
            {
                continue;
            }

            if (field.Kind is ProtoFieldKind.StringMap or ProtoFieldKind.BytesMap)
            {
                foreach (var (key, value) in node.AsObject())
                {
                    var entry = new WireWriter();
                    entry.WriteString(1, key);
                    if (field.Kind == ProtoFieldKind.StringMap)
                    {
                        entry.WriteString(2, JsonValues.AsString(value) ?? string.Empty);
                    }
                    else
                    {
                        entry.WriteBytes(2, Convert.FromBase64String(JsonValues.AsString(value) ?? string.Empty));
                    }

                    writer.WriteBytes(field.Number, entry.ToArray());
                }
            }
            else if (field.Repeated)
            {
                foreach (var item in node.AsArray())
                {
                    WriteValue(writer, field, item);
                }
            }
            else
            {
                WriteValue(writer, field, node);
            }
        }

        return writer.ToArray();
    }

    private static readonly ProtoMessage TypeMeta = new("TypeMeta", new ProtoField(1, "apiVersion", ProtoFieldKind.Text), new ProtoField(2, "kind", ProtoFieldKind.Text));

    private static readonly ProtoMessage StringEntry = new("StringEntry", new ProtoField(1, "key", ProtoFieldKind.Text), new ProtoField(2, "value", ProtoFieldKind.Text));

    private static readonly ProtoMessage BytesEntry = new("BytesEntry", new ProtoField(1, "key", ProtoFieldKind.Text), new ProtoField(2, "value", ProtoFieldKind.Bytes));

    private static readonly ProtoMessage FieldsV1 = new("FieldsV1", new ProtoField(1, "raw", ProtoFieldKind.Bytes));

    private static readonly ProtoMessage Timestamp = new("Time", new ProtoField(1, "seconds", ProtoFieldKind.Long), new ProtoField(2, "nanos", ProtoFieldKind.Int));

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw)
    {
        var typeMeta = new WireWriter();
        typeMeta.WriteString(1, apiVersion);
        typeMeta.WriteString(2, kind);
        var unknown = new WireWriter();
        unknown.WriteRaw(Magic);
        unknown.WriteBytes(1, typeMeta.ToArray());
        unknown.WriteBytes(2, raw);
        unknown.WriteString(3, string.Empty);
        unknown.WriteString(4, string.Empty);
        return unknown.ToArray();
    }

    private static ReadOnlyMemory<byte> Expect(WireReader reader, WireType type) =>
        type == WireType.LengthDelimited ? reader.ReadLengthDelimited() : throw new InvalidDataException($"expected a length-delimited field, got wire type {type}");

    private static JsonNode? ReadValue(WireReader reader, WireType type, ProtoField field)
    {
        switch (field.Kind)
        {
            case ProtoFieldKind.Text:
                return JsonValue.Create(Encoding.UTF8.GetString(Expect(reader, type).Span));
            case ProtoFieldKind.Bytes:
                return JsonValue.Create(Convert.ToBase64String(Expect(reader, type).Span));
            case ProtoFieldKind.Long or ProtoFieldKind.Int or ProtoFieldKind.Bool:
                var raw = type == WireType.Varint ? reader.ReadVarint() : throw new InvalidDataException($"expected a varint for {field.Name}, got wire type {type}");
                return field.Kind switch
                {
                    ProtoFieldKind.Bool => JsonValue.Create(raw != 0),
                    ProtoFieldKind.Int => JsonValue.Create((long)(int)raw),
                    _ => JsonValue.Create((long)raw),
                };
            case ProtoFieldKind.Message:
                return DecodeMessage(Expect(reader, type), field.Message!);
            case ProtoFieldKind.Time or ProtoFieldKind.MicroTime:
                var time = DecodeMessage(Expect(reader, type), Timestamp);
                var seconds = JsonValues.AsLong(time["seconds"]) ?? 0;
                var nanos = JsonValues.AsLong(time["nanos"]) ?? 0;
                if (seconds == 0 && nanos == 0)
                {
                    return null;
                }

                var at = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100).UtcDateTime;
                var format = field.Kind == ProtoFieldKind.Time ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
                return JsonValue.Create(at.ToString(format, CultureInfo.InvariantCulture));
            case ProtoFieldKind.RawJson:
                var json = DecodeMessage(Expect(reader, type), FieldsV1)["raw"];
                return json is null ? null : JsonNode.Parse(Convert.FromBase64String(JsonValues.AsString(json)!));
            default:
                throw new InvalidDataException($"unsupported field kind {field.Kind}");
        }
    }

    private static bool IsEmpty(JsonNode? value, ProtoField field) => value switch
    {
        null => true,
        JsonValue v when field.KeepZero => false,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>().Length == 0,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValues.AsLong(v) == 0,
        JsonValue v => v.GetValueKind() == JsonValueKind.False,
        _ => false,
    };

    private static void WriteValue(WireWriter writer, ProtoField field, JsonNode? node)
    {
        if (node is null)
        {
            return;
        }

        switch (field.Kind)
        {
            case ProtoFieldKind.Text:
                writer.WriteString(field.Number, JsonValues.AsString(node) ?? node.ToJsonString());
                break;
            case ProtoFieldKind.Bytes:
                writer.WriteBytes(field.Number, Convert.FromBase64String(JsonValues.AsString(node) ?? string.Empty));
                break;
            case ProtoFieldKind.Long or ProtoFieldKind.Int:
                writer.WriteVarint(field.Number, (ulong)(JsonValues.AsLong(node) ?? 0));
                break;
            case ProtoFieldKind.Bool:
                writer.WriteVarint(field.Number, JsonValues.IsTrue(node) ? 1UL : 0UL);
                break;
            case ProtoFieldKind.Message:
                writer.WriteBytes(field.Number, EncodeMessage(node.AsObject(), field.Message!));
                break;
            case ProtoFieldKind.Time or ProtoFieldKind.MicroTime:
                var at = DateTimeOffset.Parse(JsonValues.AsString(node) ?? string.Empty, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                var time = new WireWriter();
                time.WriteVarint(1, (ulong)at.ToUnixTimeSeconds());
                time.WriteVarint(2, (ulong)(at.UtcTicks % TimeSpan.TicksPerSecond * 100));
                writer.WriteBytes(field.Number, time.ToArray());
                break;
            case ProtoFieldKind.RawJson:
                var raw = new WireWriter();
                raw.WriteBytes(1, Encoding.UTF8.GetBytes(node.ToJsonString()));
                writer.WriteBytes(field.Number, raw.ToArray());
                break;
        }
    }
}
