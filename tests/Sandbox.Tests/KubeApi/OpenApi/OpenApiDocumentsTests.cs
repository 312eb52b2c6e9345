using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;
using AcrOperator.Sandbox.KubeApi.OpenApi;

namespace AcrOperator.Sandbox.Tests.KubeApi.OpenApi;

/// <summary>The /openapi/v3 documents kubectl 1.32 reads to decide on server-side field validation.</summary>
public sealed class OpenApiDocumentsTests
{
    private static readonly string[] WriteVerbs = ["post", "put", "patch"];

    private static readonly IReadOnlyList<ResourceDescriptor> Resources =
    [
        RepoFixtures.Namespaces,
        RepoFixtures.ConfigMaps,
        .. RepoFixtures.CrdFileNames.Select(f => RepoFixtures.Descriptor(RepoFixtures.Crd(f))),
    ];

    [Fact]
    public void The_index_lists_each_group_version_with_a_hashed_url()
    {
        var paths = (JsonObject)OpenApiDocuments.Index(Resources)["paths"]!;

        Assert.Equal(["api/v1", "apis/acr.operator.dev/v1alpha1"], paths.Select(p => p.Key));
        Assert.All(paths, p => Assert.Matches($"^/openapi/v3/{p.Key}\\?hash=[0-9A-F]{{128}}$", (string)p.Value!["serverRelativeURL"]!));
    }

    [Fact]
    public void The_hash_changes_when_a_crd_changes_and_only_for_its_group_version()
    {
        var changedSchema = (JsonObject)Resources[2].OpenApiV3Schema!.DeepClone();
        changedSchema["properties"]!["spec"]!["properties"]!["newField"] = new JsonObject { ["type"] = "string" };
        var changed = Resources.Select((r, i) => i == 2 ? r with { OpenApiV3Schema = changedSchema } : r).ToList();

        var before = OpenApiDocuments.Index(Resources)["paths"]!;
        var after = OpenApiDocuments.Index(changed)["paths"]!;

        Assert.NotEqual((string)before["apis/acr.operator.dev/v1alpha1"]!["serverRelativeURL"]!, (string)after["apis/acr.operator.dev/v1alpha1"]!["serverRelativeURL"]!);
        Assert.Equal((string)before["api/v1"]!["serverRelativeURL"]!, (string)after["api/v1"]!["serverRelativeURL"]!);
    }

    [Theory]
    [InlineData("api/v1", "/api/v1/namespaces/{name}", "", "v1", "Namespace")]
    [InlineData("/openapi/v3/api/v1?hash=ABC", "/api/v1/namespaces/{namespace}/configmaps/{name}", "", "v1", "ConfigMap")]
    [InlineData("apis/acr.operator.dev/v1alpha1", "/apis/acr.operator.dev/v1alpha1/namespaces/{namespace}/registries/{name}", "acr.operator.dev", "v1alpha1", "Registry")]
    [InlineData("apis/acr.operator.dev/v1alpha1", "/apis/acr.operator.dev/v1alpha1/namespaces/{namespace}/buildtasks/{name}/status", "acr.operator.dev", "v1alpha1", "BuildTask")]
    public void Patch_operations_carry_the_gvk_and_the_fieldValidation_parameter(string documentPath, string path, string group, string version, string kind)
    {
        var document = OpenApiDocuments.ForGroupVersion(Resources, documentPath)!;

        var patch = document["paths"]![path]!["patch"]!;
        var gvk = patch["x-kubernetes-group-version-kind"]!;
        Assert.Equal((group, version, kind), ((string)gvk["group"]!, (string)gvk["version"]!, (string)gvk["kind"]!));
        Assert.Contains(((JsonArray)patch["parameters"]!), p => (string?)p!["name"] == "fieldValidation" && (string?)p["in"] == "query");
    }

    [Fact]
    public void Every_write_operation_advertises_fieldValidation()
    {
        var document = OpenApiDocuments.ForGroupVersion(Resources, "apis/acr.operator.dev/v1alpha1")!;

        var writes = ((JsonObject)document["paths"]!).SelectMany(p => WriteVerbs.Select(verb => p.Value![verb])).OfType<JsonObject>().ToList();

        Assert.NotEmpty(writes);
        Assert.All(writes, op => Assert.Contains((JsonArray)op["parameters"]!, p => (string?)p!["name"] == "fieldValidation"));
    }

    [Fact]
    public void Component_schemas_are_the_crd_schemas_with_their_gvk()
    {
        var document = OpenApiDocuments.ForGroupVersion(Resources, "apis/acr.operator.dev/v1alpha1")!;

        var registry = document["components"]!["schemas"]!["dev.operator.acr.v1alpha1.Registry"]!;
        Assert.Equal("Registry", (string?)registry["x-kubernetes-group-version-kind"]![0]!["kind"]);
        Assert.NotNull(registry["properties"]!["spec"]!["properties"]!["sku"]);
        Assert.Equal("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)registry["properties"]!["metadata"]!["allOf"]![0]!["$ref"]);
        Assert.NotNull(document["components"]!["schemas"]!["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]);
        Assert.Equal("3.0.0", (string?)document["openapi"]);
    }

    [Fact]
    public void An_unserved_group_version_has_no_document()
    {
        Assert.Null(OpenApiDocuments.ForGroupVersion(Resources, "apis/example.com/v1"));
    }
}
