using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.Tests.KubeApi.Schema;

/// <summary>Pruning of undeclared fields (the paths behind Warn and Strict) and defaulting, on the real CRDs and on edge cases.</summary>
public sealed class PruningAndDefaultingTests
{
    private static readonly StructuralSchema Embedded = StructuralSchema.Parse((JsonObject)RepoFixtures.FromYaml("""
        type: object
        properties:
          spec:
            type: object
            properties:
              template:
                type: object
                x-kubernetes-embedded-resource: true
                x-kubernetes-preserve-unknown-fields: true
              extra:
                type: object
                x-kubernetes-preserve-unknown-fields: true
                properties:
                  known:
                    type: object
                    properties:
                      a: {type: string}
              items:
                type: array
                items:
                  type: object
                  properties:
                    name: {type: string}
                    mode: {type: string, default: Fast}
              byName:
                type: object
                additionalProperties:
                  type: object
                  properties:
                    size: {type: integer, default: 1}
              nested:
                type: object
                default: {}
                properties:
                  level: {type: integer, default: 3}
              keep: {type: string, nullable: true, default: kept}
              drop: {type: string}
        """));

    [Theory]
    [MemberData(nameof(RepoFixtures.SampleFiles), MemberType = typeof(RepoFixtures))]
    public void Samples_lose_nothing_to_pruning(string fileName)
    {
        var sample = RepoFixtures.Sample(fileName);
        var before = sample.DeepClone();

        Assert.Empty(StructuralSchema.Parse(RepoFixtures.SchemaOf((string)sample["kind"]!)).Prune(sample));
        Assert.True(JsonNode.DeepEquals(before, sample));
    }

    [Fact]
    public void Undeclared_fields_are_pruned_and_reported_by_path_but_root_metadata_is_left_alone()
    {
        var registry = RepoFixtures.Sample("acr_v1alpha1_registry.yaml");
        registry["spec"]!["colour"] = "blue";
        registry["spec"]!["networkRuleSet"]!["ipRules"]![1]!["note"] = "office";
        registry["status"] = new JsonObject { ["surprise"] = true };
        registry["metadata"]!["bogus"] = 1;
        registry["topLevel"] = "x";

        var pruned = StructuralSchema.Parse(RepoFixtures.SchemaOf("Registry")).Prune(registry);

        Assert.Equal(["spec.networkRuleSet.ipRules[1].note", "spec.colour", "status.surprise", "topLevel"], pruned);
        Assert.Null(registry["spec"]!["colour"]);
        Assert.Equal(1, (int)registry["metadata"]!["bogus"]!);
        Assert.Equal("contosoplatformprod", (string?)registry["spec"]!["azureName"]);
    }

    [Fact]
    public void Preserve_unknown_fields_keeps_unknowns_but_prunes_inside_declared_properties_and_embedded_metadata()
    {
        var obj = Obj("""{"template":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","junk":1},"spec":{"anything":true}},"extra":{"free":1,"known":{"a":"x","b":"y"}}}""");

        var pruned = Embedded.Prune(obj);

        Assert.Equal(["spec.template.metadata.junk", "spec.extra.known.b"], pruned);
        Assert.Equal(1, (int)obj["spec"]!["extra"]!["free"]!);
        Assert.True((bool)obj["spec"]!["template"]!["spec"]!["anything"]!);
    }

    [Fact]
    public void Defaults_fill_missing_fields_inside_array_items_maps_and_inserted_defaults()
    {
        var obj = Obj("""{"items":[{"name":"a"},{"name":"b","mode":"Slow"}],"byName":{"x":{},"y":{"size":5}},"keep":null,"drop":null}""");

        Embedded.ApplyDefaults(obj);

        Assert.Equal(
            """{"items":[{"name":"a","mode":"Fast"},{"name":"b","mode":"Slow"}],"byName":{"x":{"size":1},"y":{"size":5}},"keep":null,"nested":{"level":3}}""",
            obj["spec"]!.ToJsonString());
    }

    [Theory]
    [InlineData("Registry", "spec.sku", "Basic")]
    [InlineData("Registry", "spec.networkRuleSet.defaultAction", "Allow")]
    [InlineData("Registry", "spec.pullSecret.credential", "Token")]
    [InlineData("Registry", "spec.policies.retentionPolicy.days", "7")]
    [InlineData("BuildTask", "spec.timeoutSeconds", "3600")]
    public void The_real_crds_default_their_fields(string kind, string path, string expected)
    {
        var file = $"acr_v1alpha1_{kind.ToLowerInvariant()}.yaml";
        var sample = RepoFixtures.With(RepoFixtures.Sample(file), path, null);

        StructuralSchema.Parse(RepoFixtures.SchemaOf(kind)).ApplyDefaults(sample);

        var node = path.Split('.').Aggregate((JsonNode?)sample, (current, segment) => current?[segment]);
        Assert.Equal(expected, node?.ToString());
    }

    private static JsonObject Obj(string spec) => new() { ["apiVersion"] = "example.com/v1", ["kind"] = "Widget", ["metadata"] = new JsonObject { ["name"] = "w" }, ["spec"] = JsonNode.Parse(spec) };
}
