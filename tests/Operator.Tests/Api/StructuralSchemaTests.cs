using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Tests.Api;

/// <summary>The schema keywords the CRDs use, judged by the emulator's StructuralSchema on a schema small enough to read at a glance.</summary>
public sealed class StructuralSchemaTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse(ApiFixtures.Json(PlainTree.FromYaml("""
        type: object
        required: [name]
        properties:
          name: {type: string, minLength: 2, maxLength: 5, pattern: "^[a-z]+$"}
          port: {x-kubernetes-int-or-string: true}
          count: {type: integer, minimum: 0, maximum: 3}
          labels:
            type: object
            maxProperties: 2
            additionalProperties: {type: string, maxLength: 3}
          tags:
            type: array
            maxItems: 3
            x-kubernetes-list-type: set
            items: {type: string, enum: [a, b, c]}
          rules:
            type: array
            x-kubernetes-list-type: map
            x-kubernetes-list-map-keys: [id]
            items: {type: object, required: [id], properties: {id: {type: string}}}
          extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """)));

    [Fact]
    public void A_valid_object_has_no_errors()
    {
        var value = ApiFixtures.Json(PlainTree.FromYaml("""
            name: abc
            port: http
            count: 3
            labels: {x: abc}
            tags: [a, c]
            rules: [{id: one}, {id: two}]
            extra: {anything: {goes: [1, 2]}}
            """));

        Assert.Empty(Schema.Validate(value, old: null));
    }

    [Theory]
    [InlineData("{}", "name: Required value")]
    [InlineData("{name: a}", "name: Invalid value: \"a\": name in body should be at least 2 chars long")]
    [InlineData("{name: abcdef}", "name: Too long: may not be more than 5 bytes")]
    [InlineData("{name: ABC}", "name: Invalid value: \"ABC\": name in body should match '^[a-z]+$'")]
    [InlineData("{name: abc, port: true}", "port: Invalid value: \"boolean\": port in body must be of type integer,string: \"boolean\"")]
    [InlineData("{name: abc, count: 4}", "count: Invalid value: 4: count in body should be less than or equal to 3")]
    [InlineData("{name: abc, count: two}", "count: Invalid value: \"string\": count in body must be of type integer: \"string\"")]
    [InlineData("{name: abc, labels: {x: abcd}}", "labels.x: Too long: may not be more than 3 bytes")]
    [InlineData("{name: abc, labels: {x: a, y: b, z: c}}", "labels: Too many: 3: must have at most 2 items")]
    [InlineData("{name: abc, tags: [a, d]}", "tags[1]: Unsupported value: \"d\": supported values: \"a\", \"b\", \"c\"")]
    [InlineData("{name: abc, tags: [a, b, c, a]}", "tags: Too many: 4: must have at most 3 items")]
    [InlineData("{name: abc, tags: [a, a]}", "tags[1]: Duplicate value: \"a\"")]
    [InlineData("{name: abc, rules: [{id: x}, {id: x}]}", "rules[1]: Duplicate value: map[string]interface {}{\"id\":\"x\"}")]
    public void Invalid_objects_are_rejected_at_the_offending_path(string yaml, string expected)
    {
        Assert.Contains(expected, Schema.Validate(ApiFixtures.Json(PlainTree.FromYaml(yaml)), old: null).Select(e => e.ToString()));
    }

    [Fact]
    public void Unknown_fields_are_pruned_not_rejected_as_the_api_server_does()
    {
        var value = ApiFixtures.Json(PlainTree.FromYaml("{name: abc, colour: red, extra: {kept: true}}"));

        Assert.Equal(["colour"], Schema.Prune(value));
        Assert.Empty(Schema.Validate(value, old: null));
        Assert.True((bool)value["extra"]!["kept"]!);
        Assert.Null(value["colour"]);
    }
}
