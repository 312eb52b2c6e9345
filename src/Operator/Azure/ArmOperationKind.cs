namespace AcrOperator.Azure;

/// <summary>How a pending operation is polled (arm-acr-api.md §5).</summary>
public enum ArmOperationKind
{
    /// <summary>Poll the <c>Azure-AsyncOperation</c> URL for a status body; the resource is read afterwards.</summary>
    AzureAsyncOperation,

    /// <summary>Poll the <c>Location</c> URL: 202 while running, then 200/204 with the final result.</summary>
    Location,

    /// <summary>No polling header but a non-terminal <c>provisioningState</c>: poll the resource itself.</summary>
    ResourceState,
}
