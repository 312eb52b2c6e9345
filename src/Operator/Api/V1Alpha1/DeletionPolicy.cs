using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>What deleting the custom resource does to the Azure resource.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeletionPolicy>))]
public enum DeletionPolicy
{
    /// <summary>Delete the Azure resource, then let the custom resource go.</summary>
    Delete,

    /// <summary>Leave the Azure resource alone; only the finalizer is removed.</summary>
    Orphan,
}
