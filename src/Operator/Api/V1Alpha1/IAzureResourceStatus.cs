using AcrOperator.Runtime;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// What the status of every kind backed by one Azure resource holds, so the steps of a reconcile pass that do not
/// depend on the kind (operations, failures, deletion, reconcile requests) are written once.
/// </summary>
public interface IAzureResourceStatus : IConditionedStatus
{
    /// <summary>ARM id of the resource, once created or adopted.</summary>
    string? ResourceId { get; set; }

    string? ProvisioningState { get; set; }

    /// <summary>The Azure long-running operation in flight, if any.</summary>
    AzureOperationStatus? Operation { get; set; }

    /// <summary>The value of <see cref="AnnotationNames.ReconcileRequestedAt"/> last acted on.</summary>
    string? LastHandledReconcileRequest { get; set; }
}
