using AcrOperator.Api.V1Alpha1;
using k8s.Models;

namespace AcrOperator.Controllers;

/// <summary>The <c>reconcile-policy</c> annotation, read the same way by every controller.</summary>
public static class ReconcilePolicies
{
    /// <summary>reconcile-policy skip: observe Azure and report, never write to it.</summary>
    public static bool IsObserveOnly(IMetadata<V1ObjectMeta> resource) =>
        resource?.Metadata?.Annotations?.TryGetValue(AnnotationNames.ReconcilePolicy, out var policy) == true
        && string.Equals(policy, AnnotationNames.ReconcilePolicyValues.Skip, StringComparison.Ordinal);
}
