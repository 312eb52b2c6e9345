using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime.Kube;

namespace AcrOperator.Controllers;

/// <summary>Where the Registry kind lives on the API server, and the finalizer the operator puts on it.</summary>
public static class RegistryResources
{
    public static readonly ResourceType Registries = new(GroupVersion.Group, GroupVersion.Version, Registry.KubePluralName, Namespaced: true);

    public const string Finalizer = GroupVersion.Group + "/finalizer";
}
