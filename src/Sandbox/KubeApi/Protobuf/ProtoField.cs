namespace AcrOperator.Sandbox.KubeApi.Protobuf;

/// <summary>
/// One field of a message: its number in k8s.io/api's generated.proto and its JSON name. <paramref name="KeepZero"/>
/// marks pointer fields (<c>*bool</c>, <c>*int64</c>), which gogo writes only when set, so a zero on the wire means
/// something; the other scalars are written even when empty and, like Go's <c>omitempty</c>, dropped from JSON.
/// </summary>
internal sealed record ProtoField(int Number, string Name, ProtoFieldKind Kind, bool Repeated = false, ProtoMessage? Message = null, bool KeepZero = false);
