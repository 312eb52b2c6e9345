using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;

namespace AcrOperator.Controllers;

/// <summary>
/// Converts between the ARM client's pending-operation token and <c>status.operation</c>, which is what lets a
/// restarted operator poll the operation it started instead of writing a second time.
/// </summary>
public static class AzureOperations
{
    public static AzureOperationStatus ToStatus(ArmOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new AzureOperationStatus
        {
            Kind = operation.Method.ToUpperInvariant() switch
            {
                "PUT" => AzureOperationKind.Create,
                "PATCH" => AzureOperationKind.Update,
                "DELETE" => AzureOperationKind.Delete,
                _ => throw new ArgumentException($"A registry operation is a PUT, PATCH or DELETE, not {operation.Method}.", nameof(operation)),
            },
            Url = operation.PollingUrl.ToString(),
            Header = operation.Kind switch
            {
                ArmOperationKind.AzureAsyncOperation => AzureOperationHeader.AzureAsyncOperation,
                ArmOperationKind.Location => AzureOperationHeader.Location,
                _ => AzureOperationHeader.ProvisioningState,
            },
            StartedAt = operation.StartedAt.UtcDateTime,
        };
    }

    /// <summary>The token to poll <paramref name="status"/> with; the resource id is not in status.operation, so it is passed in.</summary>
    public static ArmOperation ToArm(AzureOperationStatus status, string resourceId)
    {
        ArgumentNullException.ThrowIfNull(status);
        var method = status.Kind switch
        {
            AzureOperationKind.Create => "PUT",
            AzureOperationKind.Update => "PATCH",
            _ => "DELETE",
        };
        var kind = status.Header switch
        {
            AzureOperationHeader.AzureAsyncOperation => ArmOperationKind.AzureAsyncOperation,
            AzureOperationHeader.Location => ArmOperationKind.Location,
            _ => ArmOperationKind.ResourceState,
        };
        var started = status.StartedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
        return new ArmOperation(kind, method, resourceId, new Uri(status.Url), started);
    }
}
