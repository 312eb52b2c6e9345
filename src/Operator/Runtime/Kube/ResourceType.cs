namespace AcrOperator.Runtime.Kube;

/// <summary>Where a kind lives on the API server: group, version, plural resource name and scope.</summary>
public sealed record ResourceType(string Group, string Version, string Plural, bool Namespaced)
{
    public static readonly ResourceType Namespaces = new(string.Empty, "v1", "namespaces", Namespaced: false);
    public static readonly ResourceType Secrets = new(string.Empty, "v1", "secrets", Namespaced: true);
    public static readonly ResourceType ServiceAccounts = new(string.Empty, "v1", "serviceaccounts", Namespaced: true);
    public static readonly ResourceType Events = new(string.Empty, "v1", "events", Namespaced: true);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", Namespaced: true);
    public static readonly ResourceType CustomResourceDefinitions = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", Namespaced: false);

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection path, e.g. <c>apis/acr.operator.dev/v1alpha1/namespaces/team-a/registries</c>.</summary>
    public string CollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? $"api/{Version}" : $"apis/{Group}/{Version}";
        if (Namespaced && @namespace is not null)
        {
            return $"{root}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}";
        }

        return $"{root}/{Plural}";
    }

    public string ObjectPath(string? @namespace, string name, string? subresource = null)
    {
        var path = $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}";
        return subresource is null ? path : $"{path}/{subresource}";
    }

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
