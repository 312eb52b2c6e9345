using AcrOperator.Sandbox.KubeApi.Patching;

namespace AcrOperator.Sandbox.Tests.KubeApi.Patching;

public sealed class StrategicMergePatchTests
{
    private const string ServiceAccount = """
        {"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"sa","namespace":"ns","finalizers":["a","b"],
         "labels":{"x":"1"},"ownerReferences":[{"uid":"u1","name":"o1"},{"uid":"u2","name":"o2"}]},
         "secrets":[{"name":"s1"},{"name":"s2","namespace":"ns"}],
         "imagePullSecrets":[{"name":"p1"},{"name":"p2"}]}
        """;

    /// <summary>Patches of a ServiceAccount and the value of one field afterwards.</summary>
    public static TheoryData<string, string, string, string> ServiceAccountPatches => new()
    {
        { "finalizers merge as a union", """{"metadata":{"finalizers":["b","c"]}}""", "/metadata/finalizers", """["a","b","c"]""" },
        { "$deleteFromPrimitiveList removes finalizers", """{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""", "/metadata/finalizers", """["b"]""" },
        {
            "$deleteFromPrimitiveList and an addition together",
            """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"],"finalizers":["z"]}}""", "/metadata/finalizers", """["a","z"]"""
        },
        { "finalizers: null deletes the list", """{"metadata":{"finalizers":null}}""", "/metadata", """{"name":"sa","namespace":"ns","labels":{"x":"1"},"ownerReferences":[{"uid":"u1","name":"o1"},{"uid":"u2","name":"o2"}]}""" },
        { "$setElementOrder reorders a primitive list", """{"metadata":{"$setElementOrder/finalizers":["b","a"]}}""", "/metadata/finalizers", """["b","a"]""" },
        { "secrets merge by name: new one appended", """{"secrets":[{"name":"s3"}]}""", "/secrets", """[{"name":"s1"},{"name":"s2","namespace":"ns"},{"name":"s3"}]""" },
        { "secrets merge by name: existing one merged", """{"secrets":[{"name":"s2","namespace":"other"}]}""", "/secrets", """[{"name":"s1"},{"name":"s2","namespace":"other"}]""" },
        { "secrets: $patch delete removes by name", """{"secrets":[{"name":"s1","$patch":"delete"}]}""", "/secrets", """[{"name":"s2","namespace":"ns"}]""" },
        { "secrets: $patch replace replaces the list", """{"secrets":[{"$patch":"replace"},{"name":"s9"}]}""", "/secrets", """[{"name":"s9"}]""" },
        {
            "secrets: $setElementOrder with an addition",
            """{"$setElementOrder/secrets":[{"name":"s3"},{"name":"s2"},{"name":"s1"}],"secrets":[{"name":"s3"}]}""", "/secrets",
            """[{"name":"s3"},{"name":"s2","namespace":"ns"},{"name":"s1"}]"""
        },
        { "imagePullSecrets have no patch strategy on a ServiceAccount, so they are replaced", """{"imagePullSecrets":[{"name":"p3"}]}""", "/imagePullSecrets", """[{"name":"p3"}]""" },
        { "imagePullSecrets can be emptied", """{"imagePullSecrets":[]}""", "/imagePullSecrets", """[]""" },
        { "ownerReferences merge by uid", """{"metadata":{"ownerReferences":[{"uid":"u2","name":"renamed"}]}}""", "/metadata/ownerReferences", """[{"uid":"u1","name":"o1"},{"uid":"u2","name":"renamed"}]""" },
        { "ownerReferences: $patch delete by uid", """{"metadata":{"ownerReferences":[{"uid":"u1","$patch":"delete"}]}}""", "/metadata/ownerReferences", """[{"uid":"u2","name":"o2"}]""" },
        { "labels merge and null deletes", """{"metadata":{"labels":{"x":null,"y":"2"}}}""", "/metadata/labels", """{"y":"2"}""" },
        { "$patch delete on a map empties it", """{"metadata":{"labels":{"$patch":"delete"}}}""", "/metadata/labels", """{}""" },
        { "$patch replace on a map replaces it", """{"metadata":{"labels":{"$patch":"replace","y":"2"}}}""", "/metadata/labels", """{"y":"2"}""" },
        { "$retainKeys keeps only the listed keys", """{"metadata":{"labels":{"$retainKeys":["y"],"y":"2"}}}""", "/metadata/labels", """{"y":"2"}""" },
        { "automountServiceAccountToken set", """{"automountServiceAccountToken":false}""", "/automountServiceAccountToken", "false" },
    };

    /// <summary>Malformed directives: 400 BadRequest, or 422 for content outside $retainKeys, as the apiserver answers.</summary>
    public static TheoryData<string, string, int> BadPatches => new()
    {
        { "unknown $patch on a map", """{"metadata":{"labels":{"$patch":"merge"}}}""", 400 },
        { "$patch merge in a list", """{"secrets":[{"$patch":"merge"}]}""", 400 },
        { "merge list element without its key", """{"secrets":[{"namespace":"x"}]}""", 400 },
        { "$patch delete without the merge key", """{"secrets":[{"$patch":"delete"}]}""", 400 },
        { "$deleteFromPrimitiveList not a list", """{"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}}""", 400 },
        { "$setElementOrder not a list", """{"metadata":{"$setElementOrder/finalizers":"a"}}""", 400 },
        { "$retainKeys not a list of strings", """{"metadata":{"labels":{"$retainKeys":[1]}}}""", 400 },
        { "patch content outside $retainKeys", """{"metadata":{"labels":{"$retainKeys":["y"],"z":"1"}}}""", 422 },
    };

    [Theory]
    [MemberData(nameof(ServiceAccountPatches))]
    public void ServiceAccount_patches_follow_the_struct_tags(string name, string patch, string location, string expected)
    {
        var result = StrategicMergePatch.Apply(Json.Parse(ServiceAccount), Json.Parse(patch), "", "ServiceAccount");

        Assert.False(string.IsNullOrEmpty(name));
        Json.AssertEqual(expected, Resolve(result, location));
    }

    [Theory]
    [MemberData(nameof(BadPatches))]
    public void Malformed_directives_are_rejected(string name, string patch, int status)
    {
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(Json.Parse(ServiceAccount), Json.Parse(patch), "", "ServiceAccount"));

        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(status, error.StatusCode);
        Assert.Equal(status == 400 ? "BadRequest" : "Invalid", error.Reason);
    }

    [Theory]
    [InlineData("", "Namespace", true)]
    [InlineData("", "Secret", true)]
    [InlineData("", "ConfigMap", true)]
    [InlineData("", "ServiceAccount", true)]
    [InlineData("", "Event", true)]
    [InlineData("events.k8s.io", "Event", true)]
    [InlineData("coordination.k8s.io", "Lease", true)]
    [InlineData("apiextensions.k8s.io", "CustomResourceDefinition", true)]
    [InlineData("acr.example.com", "Registry", false)]
    [InlineData("", "Pod", false)]
    [InlineData("apps", "Deployment", false)]
    public void Supports_only_the_built_in_kinds_served(string group, string kind, bool expected) =>
        Assert.Equal(expected, StrategicMergePatch.Supports(group, kind));

    [Fact]
    public void A_custom_resource_is_415()
    {
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(Json.Parse("{}"), Json.Parse("{}"), "acr.example.com", "Registry"));

        Assert.Equal(415, error.StatusCode);
        Assert.Equal("UnsupportedMediaType", error.Reason);
    }

    [Fact]
    public void Lists_without_tags_are_replaced_on_other_kinds()
    {
        var crd = Json.Parse("""{"spec":{"versions":[{"name":"v1","served":true},{"name":"v2","served":true}]}}""");

        var result = StrategicMergePatch.Apply(crd, Json.Parse("""{"spec":{"versions":[{"name":"v1","served":false}]}}"""), "apiextensions.k8s.io", "CustomResourceDefinition");

        Json.AssertEqual("""{"spec":{"versions":[{"name":"v1","served":false}]}}""", result);
    }

    [Fact]
    public void Namespace_conditions_merge_by_type()
    {
        var ns = Json.Parse("""{"status":{"phase":"Active","conditions":[{"type":"A","status":"True"},{"type":"B","status":"False"}]}}""");

        var result = StrategicMergePatch.Apply(ns, Json.Parse("""{"status":{"conditions":[{"type":"B","status":"True"}]}}"""), "", "Namespace");

        Json.AssertEqual("""{"status":{"phase":"Active","conditions":[{"type":"A","status":"True"},{"type":"B","status":"True"}]}}""", result);
    }

    [Fact]
    public void Neither_input_is_mutated()
    {
        var target = Json.Parse(ServiceAccount);
        var patch = Json.Parse("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"],"labels":{"x":null}},"secrets":[{"name":"s1","$patch":"delete"},{"name":"s3"}]}""");
        var targetText = target.ToJsonString();
        var patchText = patch.ToJsonString();

        var result = StrategicMergePatch.Apply(target, patch, "", "ServiceAccount");
        result["secrets"]![1]!["name"] = "changed";

        Assert.Equal(targetText, target.ToJsonString());
        Assert.Equal(patchText, patch.ToJsonString());
        Json.AssertEqual("""[{"name":"s2","namespace":"ns"},{"name":"changed"}]""", result["secrets"]);
    }

    private static System.Text.Json.Nodes.JsonNode? Resolve(System.Text.Json.Nodes.JsonNode node, string location)
    {
        System.Text.Json.Nodes.JsonNode? current = node;
        foreach (var token in location.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = current is System.Text.Json.Nodes.JsonArray array ? array[int.Parse(token, System.Globalization.CultureInfo.InvariantCulture)] : current?[token];
        }

        return current;
    }
}
