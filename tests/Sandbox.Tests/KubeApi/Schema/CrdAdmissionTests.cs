using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.Tests.KubeApi.Schema;

/// <summary>CRD admission: the operator's CRDs are accepted; broken copies get the API server's causes.</summary>
public sealed class CrdAdmissionTests
{
    private const string Root = "spec.versions[0].schema.openAPIV3Schema";

    [Theory]
    [MemberData(nameof(RepoFixtures.CrdFiles), MemberType = typeof(RepoFixtures))]
    public void The_operators_crds_are_admitted(string fileName)
    {
        Assert.Empty(CrdAdmission.ValidateCrd(RepoFixtures.Crd(fileName)));
    }

    [Theory]
    [InlineData("metadata.name", "\"registry.acr.operator.dev\"", "metadata.name: Invalid value: \"registry.acr.operator.dev\": must be spec.names.plural+\".\"+spec.group")]
    [InlineData("spec.group", "\"acr\"", "spec.group: Invalid value: \"acr\": should be a domain with at least one dot")]
    [InlineData("spec.names.plural", "\"Registries\"", "spec.names.plural: Invalid value: \"Registries\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("spec.names.kind", "\"Registry_1\"", "spec.names.kind: Invalid value: \"Registry_1\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("spec.names.listKind", "\"Registry\"", "spec.names.listKind: Invalid value: \"Registry\": kind and listKind may not be the same")]
    [InlineData("spec.scope", "\"Global\"", "spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"")]
    [InlineData("spec.scope", null, "spec.scope: Required value")]
    public void Names_group_and_scope_are_checked(string path, string? json, string expected)
    {
        var crd = RepoFixtures.With(RepoFixtures.Crd("acr.operator.dev_registries.yaml"), path, json);

        Assert.Contains(expected, CrdAdmission.ValidateCrd(crd).Select(e => e.ToString()));
    }

    [Fact]
    public void Exactly_one_version_must_be_the_storage_version()
    {
        var crd = RepoFixtures.Crd("acr.operator.dev_registries.yaml");
        crd["spec"]!["versions"]![0]!["storage"] = false;

        var error = Assert.Single(CrdAdmission.ValidateCrd(crd));
        Assert.Equal("spec.versions", error.Field);
        Assert.EndsWith("must have exactly one version marked as storage version", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("type: string\nproperties: {}", Root + ".type: Invalid value: \"string\": must be object at the root")]
    [InlineData("properties: {spec: {type: object}}", Root + ".type: Required value: must not be empty at the root")]
    [InlineData("type: object\nproperties: {spec: {properties: {a: {type: string}}}}", Root + ".properties[spec].type: Required value: must not be empty for specified object fields")]
    [InlineData("type: object\nproperties: {spec: {type: array, items: {description: x}}}", Root + ".properties[spec].items.type: Required value: must not be empty for specified array items")]
    [InlineData("type: object\nproperties: {metadata: {type: object, properties: {labels: {type: object}}}}", Root + ".properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified")]
    [InlineData("type: object\nproperties: {spec: {type: array, uniqueItems: true, items: {type: string}}}", Root + ".properties[spec].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic")]
    [InlineData("type: object\nproperties: {spec: {type: string, x-kubernetes-int-or-string: true}}", Root + ".properties[spec].type: Invalid value: \"string\": must be empty if x-kubernetes-int-or-string is true")]
    [InlineData("type: object\nproperties: {spec: {type: object, x-kubernetes-preserve-unknown-fields: false}}", Root + ".properties[spec].x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined")]
    [InlineData("type: object\nproperties: {spec: {type: object, anyOf: [{type: object}]}}", Root + ".properties[spec].anyOf[0].type: Forbidden: must be empty to be structural")]
    [InlineData("type: object\nproperties: {spec: {type: object, $ref: '#/x'}}", Root + ".properties[spec].$ref: Forbidden: $ref is not supported")]
    [InlineData("type: object\nproperties: {sku: {type: string, enum: [Basic], default: Gold}}", Root + ".properties[sku].default: Unsupported value: \"Gold\": supported values: \"Basic\"")]
    [InlineData("type: object\nproperties: {spec: {type: array, x-kubernetes-list-type: map, items: {type: object}}}", Root + ".properties[spec].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map")]
    public void Schemas_must_be_structural_with_valid_defaults(string schemaYaml, string expected)
    {
        var crd = RepoFixtures.Crd("acr.operator.dev_registries.yaml");
        crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"] = RepoFixtures.FromYaml(schemaYaml);

        Assert.Contains(expected, CrdAdmission.ValidateCrd(crd).Select(e => e.ToString()));
    }

    [Fact]
    public void A_rule_that_does_not_compile_is_rejected_at_admission_and_does_not_crash_validation()
    {
        var crd = RepoFixtures.Crd("acr.operator.dev_registries.yaml");
        var schema = (JsonObject)crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;
        schema["x-kubernetes-validations"] = new JsonArray(new JsonObject { ["rule"] = "self.spec.sku ==", ["message"] = "broken" });

        var error = Assert.Single(CrdAdmission.ValidateCrd(crd));
        Assert.Equal($"{Root}.x-kubernetes-validations[0].rule", error.Field);
        Assert.Contains("compilation failed", error.Message, StringComparison.Ordinal);

        var registry = RepoFixtures.Sample("acr_v1alpha1_registry.yaml");
        Assert.Contains(StructuralSchema.Parse(schema).Validate(registry, old: null), e => e.Message.Contains("compile", StringComparison.Ordinal));
    }
}
