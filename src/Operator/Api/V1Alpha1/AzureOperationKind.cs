using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The kind of write a pending Azure long-running operation performs.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AzureOperationKind>))]
public enum AzureOperationKind
{
    Create,
    Update,
    Delete,
}
