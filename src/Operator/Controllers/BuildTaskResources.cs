using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime.Kube;

namespace AcrOperator.Controllers;

/// <summary>Where the BuildTask kind lives on the API server; it shares the Registry's finalizer name.</summary>
public static class BuildTaskResources
{
    public static readonly ResourceType BuildTasks = new(GroupVersion.Group, GroupVersion.Version, BuildTask.KubePluralName, Namespaced: true);
}
