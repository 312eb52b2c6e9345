using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;

namespace AcrOperator.Sandbox.KubeApi.Registry;

/// <summary>The built-in kinds the emulator serves, described as the real apiserver's discovery describes them.</summary>
internal static class BuiltinResources
{
    public static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static readonly ServedResource Namespaces = new(Describe("", "v1", "Namespace", "namespaces", false, ["ns"], status: true, allVerbs: false));

    public static readonly ServedResource ServiceAccounts = new(Describe("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"]));

    public static readonly ServedResource CustomResourceDefinitions = new(
        Describe("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"], status: true, categories: ["api-extensions"]))
    {
        TracksGeneration = true,
    };

    public static IEnumerable<ServedResource> All()
    {
        yield return Namespaces;
        yield return new ServedResource(Describe("", "v1", "ConfigMap", "configmaps", true, ["cm"]));
        yield return new ServedResource(Describe("", "v1", "Secret", "secrets", true, []));
        yield return ServiceAccounts;
        yield return new ServedResource(Describe("", "v1", "Event", "events", true, ["ev"]))
        {
            AllowCreateOnUpdate = true,
            ExtraFields = CoreEventFields(),
        };
        yield return new ServedResource(Describe("events.k8s.io", "v1", "Event", "events", true, ["ev"]))
        {
            AllowCreateOnUpdate = true,
            ExtraFields = new Dictionary<string, Func<JsonObject, string?>>
            {
                ["reason"] = o => o["reason"]?.GetValue<string>(),
                ["type"] = o => o["type"]?.GetValue<string>(),
                ["regarding.kind"] = o => o["regarding"]?["kind"]?.GetValue<string>(),
                ["regarding.name"] = o => o["regarding"]?["name"]?.GetValue<string>(),
                ["regarding.namespace"] = o => o["regarding"]?["namespace"]?.GetValue<string>(),
                ["regarding.uid"] = o => o["regarding"]?["uid"]?.GetValue<string>(),
            },
        };
        yield return new ServedResource(Describe("coordination.k8s.io", "v1", "Lease", "leases", true, []))
        {
            AllowCreateOnUpdate = true,
        };
        yield return CustomResourceDefinitions;

        // What an operator's install applies besides its CRDs (kubectl apply of a Helm chart or a kustomization).
        yield return new ServedResource(Describe("", "v1", "Service", "services", true, ["svc"], status: true));
        yield return new ServedResource(Describe("apps", "v1", "Deployment", "deployments", true, ["deploy"], status: true, categories: ["all"]))
        {
            TracksGeneration = true,
        };
        yield return new ServedResource(Describe("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, []));
        yield return new ServedResource(Describe("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, []));
        yield return new ServedResource(Describe("rbac.authorization.k8s.io", "v1", "Role", "roles", true, []));
        yield return new ServedResource(Describe("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, []));
    }

    private static Dictionary<string, Func<JsonObject, string?>> CoreEventFields()
    {
        var fields = new Dictionary<string, Func<JsonObject, string?>>
        {
            ["reason"] = o => o["reason"]?.GetValue<string>(),
            ["type"] = o => o["type"]?.GetValue<string>(),
            ["source"] = o => o["source"]?["component"]?.GetValue<string>(),
            ["reportingComponent"] = o => o["reportingComponent"]?.GetValue<string>() ?? string.Empty,
        };
        foreach (var field in new[] { "kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath" })
        {
            fields["involvedObject." + field] = o => o["involvedObject"]?[field]?.GetValue<string>() ?? string.Empty;
        }

        return fields;
    }

    private static ResourceDescriptor Describe(
        string group, string version, string kind, string plural, bool namespaced, string[] shortNames, bool status = false, string[]? categories = null, bool allVerbs = true) =>
        new(
            group,
            version,
            kind,
            plural,
            kind.ToLowerInvariant(),
            namespaced,
            shortNames,
            categories ?? [],
            allVerbs ? AllVerbs : ["create", "delete", "get", "list", "patch", "update", "watch"],
            status,
            false,
            null,
            []);
}
