using AcrOperator.Sandbox.KubeApi.Registry;

namespace AcrOperator.Sandbox.KubeApi.Http;

/// <summary>A request path resolved to a served resource: <c>/api/v1/namespaces/{ns}/{plural}/{name}/{subresource}</c> and its shorter forms.</summary>
internal sealed record ResourcePath(ServedResource Resource, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Resolves the segments after the group/version; null when no served resource matches.</summary>
    public static ResourcePath? Resolve(ResourceRegistry registry, string group, string version, string[] rest)
    {
        if (rest.Length >= 3 && rest[0] == "namespaces" && registry.Find(group, version, rest[2]) is { Descriptor.Namespaced: true } namespaced)
        {
            return rest.Length > 5 ? null : new ResourcePath(namespaced, rest[1], rest.ElementAtOrDefault(3), rest.ElementAtOrDefault(4));
        }

        if (rest.Length is 0 or > 3 || registry.Find(group, version, rest[0]) is not { } resource)
        {
            return null;
        }

        var path = new ResourcePath(resource, null, rest.ElementAtOrDefault(1), rest.ElementAtOrDefault(2));
        return resource.Descriptor.Namespaced && path.Name is not null ? null : path;
    }
}
