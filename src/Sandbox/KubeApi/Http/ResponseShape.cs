namespace AcrOperator.Sandbox.KubeApi.Http;

/// <summary>What representation the client asked for in Accept.</summary>
internal enum ResponseShape
{
    Json,
    Table,
    PartialObjectMetadata,
}
