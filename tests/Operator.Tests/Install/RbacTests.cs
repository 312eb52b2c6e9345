using System.Net;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Kube;
using AcrOperator.Tests.Api;
using k8s.Models;

namespace AcrOperator.Tests.Install;

/// <summary>config/rbac against the operator's declared access, and the client's enforcement of that declaration.</summary>
public sealed class RbacTests
{
    private static readonly string RbacDirectory = Path.Combine(RepoFiles.Root, "config", "rbac");

    [Fact]
    public void Config_rbac_grants_the_operator_exactly_its_declared_access() =>
        DeclaredAccess.AssertGrantedExactly(RbacManifests.FromDirectory(RbacDirectory), "config/rbac");

    [Fact]
    public void The_declaration_covers_every_kind_the_operator_defines_with_its_status_and_finalizers()
    {
        foreach (var plural in new[] { "registries", "replications", "webhooks", "buildtasks" })
        {
            foreach (var verb in new[] { "get", "list", "watch", "patch" })
            {
                Assert.Contains(new KubeAccess("acr.operator.dev", plural, verb), DeclaredAccess.ClusterWide);
            }

            Assert.Contains(new KubeAccess("acr.operator.dev", plural + "/status", "patch"), DeclaredAccess.ClusterWide);
            Assert.Contains(new KubeAccess("acr.operator.dev", plural + "/finalizers", "update"), DeclaredAccess.ClusterWide);
        }

        // Least privilege where it matters most: Secrets are never updated wholesale, and no kind may be deleted in bulk.
        Assert.DoesNotContain(DeclaredAccess.ClusterWide, a => a.Verb is "update" && a.Resource == "secrets");
        Assert.DoesNotContain(DeclaredAccess.ClusterWide.Concat(DeclaredAccess.InOperatorNamespace), a => a.Verb is "deletecollection" or "*" || a.Resource == "*");
        Assert.Equal(["create", "get", "update"], DeclaredAccess.InOperatorNamespace.Where(a => a.Resource == "leases").Select(a => a.Verb).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_viewer_and_editor_roles_aggregate_the_four_kinds_into_view_and_edit()
    {
        var manifests = RbacManifests.FromDirectory(RbacDirectory);
        AssertAggregatedRoles(manifests, "config/rbac");
    }

    internal static void AssertAggregatedRoles(RbacManifests manifests, string source)
    {
        var viewer = manifests.ClusterRoles.Single(r => r.Metadata.Labels?.ContainsKey("rbac.authorization.k8s.io/aggregate-to-view") == true);
        var editor = manifests.ClusterRoles.Single(r => r.Metadata.Labels?.ContainsKey("rbac.authorization.k8s.io/aggregate-to-edit") == true);
        Assert.Equal("true", viewer.Metadata.Labels["rbac.authorization.k8s.io/aggregate-to-view"]);
        Assert.Equal("true", editor.Metadata.Labels["rbac.authorization.k8s.io/aggregate-to-edit"]);
        var viewed = RbacManifests.Expand(viewer.Rules);
        var edited = RbacManifests.Expand(editor.Rules);
        foreach (var plural in OperatorAccess.CustomResources)
        {
            foreach (var verb in new[] { "get", "list", "watch" })
            {
                Assert.Contains(new KubeAccess("acr.operator.dev", plural, verb), viewed);
            }

            foreach (var verb in new[] { "create", "delete", "get", "list", "patch", "update", "watch" })
            {
                Assert.Contains(new KubeAccess("acr.operator.dev", plural, verb), edited);
            }
        }

        Assert.True(viewed.All(a => a.Verb is "get" or "list" or "watch" && a.Group == "acr.operator.dev"), $"{source}: the viewer role grants more than reading the operator's kinds");
        Assert.True(edited.All(a => a.Group == "acr.operator.dev" && !a.Resource.EndsWith("/status", StringComparison.Ordinal) || a.Verb == "get"), $"{source}: the editor role may write status, which only the operator writes");

        // Neither is bound to anyone: aggregation puts them into view, edit and admin.
        Assert.DoesNotContain(manifests.ClusterRoleBindings, b => b.RoleRef.Name == viewer.Metadata.Name || b.RoleRef.Name == editor.Metadata.Name);
    }

    [Fact]
    public async Task The_client_refuses_an_undeclared_request_as_rbac_would_without_sending_it()
    {
        var sent = 0;
        using var http = new HttpClient(new CountingHandler(() => sent++));
        var client = new KubeApiClient(http, new Uri("https://kube.test"), accessPolicy: OperatorAccess.Policy("acr-operator-system"));
        var ct = TestContext.Current.CancellationToken;

        var refused = await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync<V1ConfigMap>(new ResourceType(string.Empty, "v1", "configmaps", true), "default", "settings", ct));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("get configmaps", refused.Message, StringComparison.Ordinal);
        // Leases only in the operator's namespace.
        await Assert.ThrowsAsync<KubeApiException>(() => client.GetAsync<V1Lease>(ResourceType.Leases, "kube-system", "other", ct));
        // Secrets may be patched but never replaced.
        await Assert.ThrowsAsync<KubeApiException>(() => client.ReplaceAsync(ResourceType.Secrets, "team-a", "pull", new V1Secret(), ct));
        Assert.Equal(0, sent);

        await client.GetAsync<V1Lease>(ResourceType.Leases, "acr-operator-system", "acr-operator-leader", ct);
        await client.GetPathAsync<VersionInfo>("version", ct);
        Assert.Equal(2, sent);
    }

    private sealed class CountingHandler(Action onSend) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            onSend();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") });
        }
    }
}
