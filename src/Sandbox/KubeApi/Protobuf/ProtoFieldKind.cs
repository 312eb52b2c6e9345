namespace AcrOperator.Sandbox.KubeApi.Protobuf;

/// <summary>How a field of a Kubernetes protobuf message maps to its JSON form.</summary>
internal enum ProtoFieldKind
{
    Text,

    /// <summary>Bytes on the wire, base64 in JSON (Secret data).</summary>
    Bytes,
    Long,
    Int,
    Bool,
    Message,

    /// <summary>metav1.Time: {seconds, nanos} on the wire, RFC 3339 with whole seconds in JSON.</summary>
    Time,

    /// <summary>metav1.MicroTime: as Time, with six fractional digits in JSON.</summary>
    MicroTime,

    /// <summary>map&lt;string,string&gt;: repeated {key = 1, value = 2} entries.</summary>
    StringMap,

    /// <summary>map&lt;string,bytes&gt;, base64 values in JSON.</summary>
    BytesMap,

    /// <summary>FieldsV1: JSON text in bytes field 1, inlined as JSON.</summary>
    RawJson,
}
