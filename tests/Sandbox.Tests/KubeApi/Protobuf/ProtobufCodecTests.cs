using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Protobuf;

namespace AcrOperator.Sandbox.Tests.KubeApi.Protobuf;

/// <summary>The protobuf decoder and encoder on byte fixtures built here by hand, field by field.</summary>
public sealed class ProtobufCodecTests
{
    // What kubectl 1.32 sent for `kubectl create ns team-a` (captured with -v=9).
    private static readonly byte[] KubectlCreateNamespace = Convert.FromHexString(
        "6b3873000a0f0a0276311209" + "4e616d657370616365121e0a160a067465616d2d61" + "12001a0022002a0032003800420012001a020a001a002200");

    [Fact]
    public void Decodes_what_kubectl_sends_for_create_namespace()
    {
        var obj = ProtobufCodec.Decode(KubectlCreateNamespace);
        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"},"spec":{},"status":{}}""", obj.ToJsonString());
    }

    [Fact]
    public void Decodes_maps_bytes_repeated_fields_times_pointers_and_skips_unknown_fields()
    {
        var meta = Concat(
            Text(1, "s1"),
            Text(3, "ns"),
            Field(7, Varint(3)),
            Message(8, Concat(Field(1, Varint(1_700_000_000)), Field(2, Varint(5)))),
            Message(11, Concat(Text(1, "app"), Text(2, "web"))),
            Message(11, Concat(Text(1, "tier"), Text(2, "db"))),
            Message(13, Concat(Text(1, "Registry"), Text(3, "r"), Text(4, "u-1"), Text(5, "acr.operator.dev/v1alpha1"), Field(6, Varint(0)))),
            Text(14, "a/b"),
            Text(14, "c/d"),
            Message(17, Concat(Text(1, "kubectl"), Text(2, "Apply"), Message(7, Bytes(1, """{"f:data":{}}""")))),
            Concat(Varint((99 << 3) | 5), [1, 2, 3, 4]),
            Concat(Varint((98 << 3) | 1), [1, 2, 3, 4, 5, 6, 7, 8]));
        var secret = Concat(
            Message(1, meta),
            Message(2, Concat(Text(1, "password"), Bytes(2, "s3cr3t"))),
            Text(3, "Opaque"),
            Field(5, Varint(1)));

        var obj = ProtobufCodec.Decode(Envelope("v1", "Secret", secret));

        Assert.Equal(
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s1","namespace":"ns","generation":3,"creationTimestamp":"2023-11-14T22:13:20Z","labels":{"app":"web","tier":"db"},"ownerReferences":[{"kind":"Registry","name":"r","uid":"u-1","apiVersion":"acr.operator.dev/v1alpha1","controller":false}],"finalizers":["a/b","c/d"],"managedFields":[{"manager":"kubectl","operation":"Apply","fieldsV1":{"f:data":{}}}]},"data":{"password":"czNjcjN0"},"type":"Opaque","immutable":true}""",
            obj.ToJsonString());
    }

    [Fact]
    public void Multi_byte_and_negative_varints_decode()
    {
        var reader = new WireReader(Concat(Varint(300), Varint(unchecked((ulong)-1L))));
        Assert.Equal(300UL, reader.ReadVarint());
        Assert.Equal(-1L, (long)reader.ReadVarint());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void Encoding_round_trips_through_the_decoder()
    {
        var lease = JsonNode.Parse("""
            {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"l","namespace":"ns","resourceVersion":"7","deletionGracePeriodSeconds":0},
             "spec":{"holderIdentity":"a","leaseDurationSeconds":15,"acquireTime":"2024-01-02T03:04:05.123456Z","leaseTransitions":0}}
            """)!.AsObject();
        var configMap = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","annotations":{"k":"v"}},"data":{"a":"b"},"binaryData":{"bin":"AAEC"}}
            """)!.AsObject();
        var account = JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"sa"},"secrets":[{"name":"t1"},{"name":"t2"}],"imagePullSecrets":[{"name":"p"}],"automountServiceAccountToken":false}
            """)!.AsObject();

        foreach (var obj in new[] { lease, configMap, account })
        {
            var bytes = ProtobufCodec.Encode(obj, KubernetesMessages.Of((string)obj["apiVersion"]!, (string)obj["kind"]!)!);
            Assert.Equal(obj.ToJsonString(), ProtobufCodec.Decode(bytes).ToJsonString());
        }
    }

    [Fact]
    public void Malformed_input_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => ProtobufCodec.Decode(Encoding.UTF8.GetBytes("{\"kind\":\"Namespace\"}")));
        Assert.Throws<InvalidDataException>(() => ProtobufCodec.Decode(KubectlCreateNamespace.AsMemory(0, KubectlCreateNamespace.Length - 8)));
        Assert.Throws<InvalidDataException>(() => ProtobufCodec.Decode(Envelope("example.com/v1", "Widget", [])));
        Assert.Throws<InvalidDataException>(() => new WireReader(new byte[] { 0x80, 0x80 }).ReadVarint());
        Assert.Throws<InvalidDataException>(() => ProtobufCodec.Decode(Envelope("v1", "ConfigMap", Field(2, Varint(1)))));
    }

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        Concat("k8s\0"u8.ToArray(), Message(1, Concat(Text(1, apiVersion), Text(2, kind))), Message(2, raw), Text(3, ""), Text(4, ""));

    private static byte[] Text(int field, string value) => Bytes(field, value);

    private static byte[] Bytes(int field, string value) => Message(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Message(int field, byte[] value) => Concat(Varint(((ulong)field << 3) | 2), Varint((ulong)value.Length), value);

    private static byte[] Field(int field, byte[] varint) => Concat(Varint((ulong)field << 3), varint);

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
