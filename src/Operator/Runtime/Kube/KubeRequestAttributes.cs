namespace AcrOperator.Runtime.Kube;

/// <summary>
/// A request as the API server's authorizer sees it (its RequestInfo): the access asked for, and the namespace and
/// name it is asked in. Both the client's own check (<see cref="KubeAccessPolicy"/>) and tests that read a server's
/// request log map requests through this one function, so they cannot disagree.
/// </summary>
public sealed record KubeRequestAttributes(KubeAccess Access, string? Namespace, string? Name)
{
    // Subresources of a namespace itself, not resources inside it (the apiserver's namespaceSubresources).
    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    /// <summary>
    /// The attributes of <paramref name="method"/> on <paramref name="path"/> (no query); null for a non-resource path
    /// (<c>/version</c>, discovery, OpenAPI), which RBAC grants every authenticated user through <c>system:discovery</c>.
    /// </summary>
    public static KubeRequestAttributes? Of(string method, string path, bool watch)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('?', 2)[0].Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        string group;
        string[] rest;
        switch (parts)
        {
            case ["api", _, .. var core]:
                group = string.Empty;
                rest = core;
                break;
            case ["apis", var named, _, .. var grouped]:
                group = named;
                rest = grouped;
                break;
            default:
                return null;
        }

        if (rest.Length == 0)
        {
            return null;
        }

        string? @namespace = null;
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            @namespace = rest[1];
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }

        var name = rest.Length > 1 ? rest[1] : null;
        var resource = rest.Length > 2 ? $"{rest[0]}/{rest[2]}" : rest[0];
        var verb = method.ToUpperInvariant() switch
        {
            "GET" or "HEAD" when watch => "watch",
            "GET" or "HEAD" => name is null ? "list" : "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" => name is null ? "deletecollection" : "delete",
            var other => other.ToLowerInvariant(),
        };
        return new KubeRequestAttributes(new KubeAccess(group, resource, verb), @namespace, name);
    }

    /// <summary>As <see cref="Of(string, string, bool)"/> for a path with its query string, where <c>watch=true</c> (or 1) makes a watch.</summary>
    public static KubeRequestAttributes? Of(string method, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var query = pathAndQuery.Split('?', 2) is [_, var q] ? q : string.Empty;
        var watch = query.Split('&').Any(p => p is "watch=true" or "watch=1");
        return Of(method, pathAndQuery, watch);
    }
}
