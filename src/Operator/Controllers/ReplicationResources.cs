using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime.Kube;

namespace AcrOperator.Controllers;

/// <summary>Where the Replication kind lives on the API server; it shares the Registry's finalizer name.</summary>
public static class ReplicationResources
{
    public static readonly ResourceType Replications = new(GroupVersion.Group, GroupVersion.Version, Replication.KubePluralName, Namespaced: true);
}
