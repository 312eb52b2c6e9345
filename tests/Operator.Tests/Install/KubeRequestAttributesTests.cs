using AcrOperator.Runtime.Kube;

namespace AcrOperator.Tests.Install;

/// <summary>The mapping of REST requests to RBAC attributes, against the API server's own (RequestInfoFactory) answers.</summary>
public sealed class KubeRequestAttributesTests
{
    [Theory]
    [InlineData("GET", "/apis/acr.operator.dev/v1alpha1/registries", "acr.operator.dev", "registries", "list", null, null)]
    [InlineData("GET", "/apis/acr.operator.dev/v1alpha1/registries?watch=true&resourceVersion=5", "acr.operator.dev", "registries", "watch", null, null)]
    [InlineData("GET", "/apis/acr.operator.dev/v1alpha1/namespaces/team-a/registries/prod", "acr.operator.dev", "registries", "get", "team-a", "prod")]
    [InlineData("PATCH", "/apis/acr.operator.dev/v1alpha1/namespaces/team-a/registries/prod/status", "acr.operator.dev", "registries/status", "patch", "team-a", "prod")]
    [InlineData("PUT", "/apis/coordination.k8s.io/v1/namespaces/acr-operator-system/leases/leader", "coordination.k8s.io", "leases", "update", "acr-operator-system", "leader")]
    [InlineData("POST", "/api/v1/namespaces/team-a/events", "", "events", "create", "team-a", null)]
    [InlineData("DELETE", "/api/v1/namespaces/team-a/secrets/pull", "", "secrets", "delete", "team-a", "pull")]
    [InlineData("DELETE", "/api/v1/namespaces/team-a/secrets", "", "secrets", "deletecollection", "team-a", null)]
    [InlineData("GET", "/api/v1/namespaces?watch=1", "", "namespaces", "watch", null, null)]
    [InlineData("GET", "/api/v1/namespaces/team-a", "", "namespaces", "get", "team-a", "team-a")]
    [InlineData("PUT", "/api/v1/namespaces/team-a/finalize", "", "namespaces/finalize", "update", "team-a", "team-a")]
    [InlineData("GET", "/api/v1/namespaces/team-a/secrets?fieldSelector=metadata.name%3Dhook&watch=true", "", "secrets", "watch", "team-a", null)]
    public void Maps_a_request_as_the_api_server_authorizes_it(string method, string path, string group, string resource, string verb, string? ns, string? name)
    {
        var attributes = KubeRequestAttributes.Of(method, path);
        Assert.Equal(new KubeRequestAttributes(new KubeAccess(group, resource, verb), ns, name), attributes);
    }

    [Theory]
    [InlineData("/version")]
    [InlineData("/api")]
    [InlineData("/apis/acr.operator.dev/v1alpha1")]
    [InlineData("/openapi/v3")]
    public void A_non_resource_path_has_no_resource_attributes(string path) =>
        Assert.Null(KubeRequestAttributes.Of("GET", path));
}
