using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.Tests.KubeApi.Schema;

/// <summary>Each keyword on a schema small enough to read at a glance, with the API server's cause for a violation.</summary>
public sealed class SchemaKeywordTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse((JsonObject)RepoFixtures.FromYaml("""
        type: object
        properties:
          spec:
            type: object
            required: [name]
            x-kubernetes-validations:
            - rule: "!has(self.count) || self.count <= 2 || self.name != 'x'"
            - rule: "self.name != 'forbidden'"
              reason: FieldValueForbidden
              fieldPath: .name
              messageExpression: "'name ' + self.name + ' is reserved'"
            - rule: "self.name.lowerAscii() == self.name"
              message: name must be lower case
            properties:
              name: {type: string, minLength: 2, maxLength: 12}
              port: {x-kubernetes-int-or-string: true}
              count: {type: integer, minimum: 0, exclusiveMaximum: true, maximum: 10, multipleOf: 1}
              ratio: {type: number, minimum: 0.5, exclusiveMinimum: true}
              note: {type: string, nullable: true}
              when: {type: string, format: date-time}
              id: {type: string, format: uuid}
              big: {type: integer, maximum: 2147483647}
              labels:
                type: object
                maxProperties: 2
                minProperties: 1
                additionalProperties: {type: string, maxLength: 3}
              tags:
                type: array
                minItems: 1
                maxItems: 3
                x-kubernetes-list-type: set
                items: {type: string, enum: [a, b, c]}
              rules:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [id]
                items:
                  type: object
                  required: [id]
                  properties:
                    id: {type: string}
                    limit:
                      type: integer
                      x-kubernetes-validations:
                      - rule: self >= oldSelf
                        message: limit may only grow
        """));

    [Fact]
    public void A_valid_object_has_no_errors()
    {
        Assert.Empty(Schema.Validate(Spec("""{"name":"abc","port":"http","count":3,"ratio":0.75,"note":null,"when":"2024-05-01T10:00:00Z","labels":{"x":"abc"},"tags":["a","c"],"rules":[{"id":"one"},{"id":"two"}]}"""), old: null));
    }

    [Theory]
    [InlineData("""{}""", "spec.name: Required value")]
    [InlineData("""{"name":"a"}""", "spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long")]
    [InlineData("""{"name":"abcdefghijklm"}""", "spec.name: Too long: may not be more than 12 bytes")]
    [InlineData("""{"name":"abc","port":true}""", "spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"")]
    [InlineData("""{"name":"abc","count":10}""", "spec.count: Invalid value: 10: spec.count in body should be less than 10")]
    [InlineData("""{"name":"abc","count":-1}""", "spec.count: Invalid value: -1: spec.count in body should be greater than or equal to 0")]
    [InlineData("""{"name":"abc","ratio":0.5}""", "spec.ratio: Invalid value: 0.5: spec.ratio in body should be greater than 0.5")]
    [InlineData("""{"name":"abc","big":3000000000}""", "spec.big: Invalid value: 3000000000: spec.big in body should be less than or equal to 2.147483647e+09")]
    [InlineData("""{"name":"abc","name2":1,"when":"yesterday"}""", "spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\"")]
    [InlineData("""{"name":"abc","id":"not-a-uuid"}""", "spec.id: Invalid value: \"not-a-uuid\": spec.id in body must be of type uuid: \"not-a-uuid\"")]
    [InlineData("""{"name":null}""", "spec.name: Invalid value: \"null\": spec.name in body must be of type string: \"null\"")]
    [InlineData("""{"name":"abc","labels":{"x":"abcd"}}""", "spec.labels.x: Too long: may not be more than 3 bytes")]
    [InlineData("""{"name":"abc","labels":{"x":"a","y":"b","z":"c"}}""", "spec.labels: Too many: 3: must have at most 2 items")]
    [InlineData("""{"name":"abc","labels":{}}""", "spec.labels: Invalid value: 0: spec.labels in body should have at least 1 properties")]
    [InlineData("""{"name":"abc","tags":["a","d"]}""", "spec.tags[1]: Unsupported value: \"d\": supported values: \"a\", \"b\", \"c\"")]
    [InlineData("""{"name":"abc","tags":[]}""", "spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items")]
    [InlineData("""{"name":"abc","tags":["a","b","c","a"]}""", "spec.tags: Too many: 4: must have at most 3 items")]
    [InlineData("""{"name":"abc","tags":["a","a"]}""", "spec.tags[1]: Duplicate value: \"a\"")]
    [InlineData("""{"name":"abc","rules":[{"id":"x"},{"id":"x","limit":1}]}""", "spec.rules[1]: Duplicate value: map[string]interface {}{\"id\":\"x\", \"limit\":1}")]
    [InlineData("""{"name":"x","count":3}""", "spec: Invalid value: \"object\": failed rule: !has(self.count) || self.count <= 2 || self.name != 'x'")]
    [InlineData("""{"name":"forbidden"}""", "spec.name: Forbidden: name forbidden is reserved")]
    [InlineData("""{"name":"ABC"}""", "spec: Invalid value: \"object\": name must be lower case")]
    public void Violations_are_reported_like_the_apiserver(string spec, string expected)
    {
        Assert.Contains(expected, Schema.Validate(Spec(spec), old: null).Select(e => e.ToString()));
    }

    [Fact]
    public void A_whole_float_is_an_integer_as_in_kube_openapi()
    {
        Assert.Empty(Schema.Validate(Spec("""{"name":"abc","count":3.0}"""), old: null));
    }

    [Fact]
    public void A_rule_that_reads_a_missing_field_is_an_evaluation_error_not_a_crash()
    {
        var schema = StructuralSchema.Parse((JsonObject)JsonNode.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{"count":{"type":"integer"}},
             "x-kubernetes-validations":[{"rule":"self.count <= 2","message":"at most two"}]}}}
            """)!);

        var error = Assert.Single(schema.Validate(Spec("""{}"""), old: null));

        Assert.Equal(("FieldValueInvalid", "spec"), (error.Type, error.Field));
        Assert.StartsWith("Invalid value: \"object\": ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(" evaluating rule: at most two", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Transition_rules_correlate_map_list_items_by_key()
    {
        var old = Spec("""{"name":"abc","rules":[{"id":"a","limit":5},{"id":"b","limit":5}]}""");
        var shrunk = Spec("""{"name":"abc","rules":[{"id":"b","limit":5},{"id":"a","limit":4},{"id":"c","limit":1}]}""");

        Assert.Equal(["spec.rules[1].limit: Invalid value: \"integer\": limit may only grow"], Schema.Validate(shrunk, old).Select(e => e.ToString()));
    }

    [Fact]
    public void Field_errors_carry_the_cause_reason()
    {
        var errors = Schema.Validate(Spec("""{"name":"abc","port":true,"tags":["z"]}"""), old: null);

        Assert.Equal(["FieldValueTypeInvalid", "FieldValueNotSupported", "FieldValueInvalid"], errors.Select(e => e.Type));
    }

    private static JsonObject Spec(string json) => new() { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" }, ["spec"] = JsonNode.Parse(json) };
}
