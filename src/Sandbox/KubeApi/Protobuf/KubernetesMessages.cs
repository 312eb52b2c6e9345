using static AcrOperator.Sandbox.KubeApi.Protobuf.ProtoFieldKind;

namespace AcrOperator.Sandbox.KubeApi.Protobuf;

/// <summary>
/// The messages of the built-in kinds kubectl's typed commands send as protobuf, with the field numbers of
/// k8s.io/api and k8s.io/apimachinery's generated.proto (v0.32).
/// </summary>
internal static class KubernetesMessages
{
    public static readonly ProtoMessage OwnerReference = new(
        "OwnerReference",
        new(1, "kind", Text),
        new(3, "name", Text),
        new(4, "uid", Text),
        new(5, "apiVersion", Text),
        new(6, "controller", Bool, KeepZero: true),
        new(7, "blockOwnerDeletion", Bool, KeepZero: true));

    public static readonly ProtoMessage ManagedFieldsEntry = new(
        "ManagedFieldsEntry",
        new(1, "manager", Text),
        new(2, "operation", Text),
        new(3, "apiVersion", Text),
        new(4, "time", Time),
        new(6, "fieldsType", Text),
        new(7, "fieldsV1", RawJson),
        new(8, "subresource", Text));

    public static readonly ProtoMessage ObjectMeta = new(
        "ObjectMeta",
        new(1, "name", Text),
        new(2, "generateName", Text),
        new(3, "namespace", Text),
        new(4, "selfLink", Text),
        new(5, "uid", Text),
        new(6, "resourceVersion", Text),
        new(7, "generation", Long),
        new(8, "creationTimestamp", Time),
        new(9, "deletionTimestamp", Time),
        new(10, "deletionGracePeriodSeconds", Long, KeepZero: true),
        new(11, "labels", StringMap),
        new(12, "annotations", StringMap),
        new(13, "ownerReferences", Message, Repeated: true, Message: OwnerReference),
        new(14, "finalizers", Text, Repeated: true),
        new(17, "managedFields", Message, Repeated: true, Message: ManagedFieldsEntry));

    public static readonly ProtoMessage ListMeta = new(
        "ListMeta",
        new(1, "selfLink", Text),
        new(2, "resourceVersion", Text),
        new(3, "continue", Text),
        new(4, "remainingItemCount", Long, KeepZero: true));

    public static readonly ProtoMessage Namespace = new(
        "Namespace",
        new(1, "metadata", Message, Message: ObjectMeta),
        new(2, "spec", Message, Message: new ProtoMessage("NamespaceSpec", new ProtoField(1, "finalizers", Text, Repeated: true))),
        new(3, "status", Message, Message: new ProtoMessage(
            "NamespaceStatus",
            new ProtoField(1, "phase", Text),
            new ProtoField(2, "conditions", Message, Repeated: true, Message: new ProtoMessage(
                "NamespaceCondition",
                new ProtoField(1, "type", Text),
                new ProtoField(2, "status", Text),
                new ProtoField(4, "lastTransitionTime", Time),
                new ProtoField(5, "reason", Text),
                new ProtoField(6, "message", Text))))));

    public static readonly ProtoMessage ConfigMap = new(
        "ConfigMap",
        new(1, "metadata", Message, Message: ObjectMeta),
        new(2, "data", StringMap),
        new(3, "binaryData", BytesMap),
        new(4, "immutable", Bool, KeepZero: true));

    public static readonly ProtoMessage Secret = new(
        "Secret",
        new(1, "metadata", Message, Message: ObjectMeta),
        new(2, "data", BytesMap),
        new(3, "type", Text),
        new(4, "stringData", StringMap),
        new(5, "immutable", Bool, KeepZero: true));

    public static readonly ProtoMessage ServiceAccount = new(
        "ServiceAccount",
        new(1, "metadata", Message, Message: ObjectMeta),
        new(2, "secrets", Message, Repeated: true, Message: new ProtoMessage(
            "ObjectReference",
            new ProtoField(1, "kind", Text),
            new ProtoField(2, "namespace", Text),
            new ProtoField(3, "name", Text),
            new ProtoField(4, "uid", Text),
            new ProtoField(5, "apiVersion", Text),
            new ProtoField(6, "resourceVersion", Text),
            new ProtoField(7, "fieldPath", Text))),
        new(3, "imagePullSecrets", Message, Repeated: true, Message: new ProtoMessage("LocalObjectReference", new ProtoField(1, "name", Text))),
        new(4, "automountServiceAccountToken", Bool, KeepZero: true));

    public static readonly ProtoMessage Lease = new(
        "Lease",
        new(1, "metadata", Message, Message: ObjectMeta),
        new(2, "spec", Message, Message: new ProtoMessage(
            "LeaseSpec",
            new ProtoField(1, "holderIdentity", Text),
            new ProtoField(2, "leaseDurationSeconds", Int, KeepZero: true),
            new ProtoField(3, "acquireTime", MicroTime),
            new ProtoField(4, "renewTime", MicroTime),
            new ProtoField(5, "leaseTransitions", Int, KeepZero: true),
            new ProtoField(6, "strategy", Text),
            new ProtoField(7, "preferredHolder", Text))));

    private static readonly Dictionary<(string ApiVersion, string Kind), ProtoMessage> ByKind = new()
    {
        [("v1", "Namespace")] = Namespace,
        [("v1", "ConfigMap")] = ConfigMap,
        [("v1", "Secret")] = Secret,
        [("v1", "ServiceAccount")] = ServiceAccount,
        [("coordination.k8s.io/v1", "Lease")] = Lease,
    };

    /// <summary>The message of a kind, or null where the emulator has no protobuf for it (custom resources, events).</summary>
    public static ProtoMessage? Of(string apiVersion, string kind) => ByKind.GetValueOrDefault((apiVersion, kind));
}
