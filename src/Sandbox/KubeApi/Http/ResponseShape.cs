namespace AcrOperator.Sandbox.KubeApi.Http;

/// <summary>What representation the client asked for in Accept.</summary>
internal enum ResponseShape
{
    Json,
    Table,
    PartialObjectMetadata,

    /// <summary>application/vnd.kubernetes.protobuf, for the built-in kinds the emulator has messages for.</summary>
    Protobuf,
}
