using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.Tests.KubeApi.Schema;

/// <summary>Validation of the operator's samples and their broken variants, with the API server's causes.</summary>
public sealed class StructuralSchemaValidationTests
{
    private const string Registry = "acr_v1alpha1_registry.yaml";
    private const string Replication = "acr_v1alpha1_replication.yaml";
    private const string Webhook = "acr_v1alpha1_webhook.yaml";
    private const string BuildTask = "acr_v1alpha1_buildtask.yaml";

    [Theory]
    [MemberData(nameof(RepoFixtures.SampleFiles), MemberType = typeof(RepoFixtures))]
    public void Samples_pass_their_crd_schema_before_and_after_defaulting(string fileName)
    {
        var sample = RepoFixtures.Sample(fileName);
        var schema = SchemaFor(sample);

        Assert.Empty(schema.Validate(sample, old: null));
        schema.ApplyDefaults(sample);
        Assert.Empty(schema.Validate(sample, old: null));
        Assert.Empty(schema.Validate(sample, old: sample));
    }

    [Theory]
    [InlineData(Registry, "spec.sku", "\"Gold\"", "spec.sku: Unsupported value: \"Gold\": supported values: \"Basic\", \"Standard\", \"Premium\"")]
    [InlineData(Registry, "spec.azureName", "\"acr1\"", "spec.azureName: Invalid value: \"acr1\": spec.azureName in body should be at least 5 chars long")]
    [InlineData(Registry, "spec.azureName", "\"contoso-platform\"", "spec.azureName: Invalid value: \"contoso-platform\": spec.azureName in body should match '^[a-zA-Z0-9]+$'")]
    [InlineData(Registry, "spec.azureName", "\"abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijk\"", "spec.azureName: Too long: may not be more than 50 bytes")]
    [InlineData(Registry, "spec.location", null, "spec.location: Required value")]
    [InlineData(Registry, "spec.location", "\"West Europe\"", "spec.location: Invalid value: \"West Europe\": spec.location in body should match '^[a-z0-9]+$'")]
    [InlineData(Registry, "spec.policies.retentionPolicy.days", "366", "spec.policies.retentionPolicy.days: Invalid value: 366: spec.policies.retentionPolicy.days in body should be less than or equal to 365")]
    [InlineData(Registry, "spec.policies.retentionPolicy.days", "\"thirty\"", "spec.policies.retentionPolicy.days: Invalid value: \"string\": spec.policies.retentionPolicy.days in body must be of type integer: \"string\"")]
    [InlineData(Registry, "spec.policies.retentionPolicy.days", "7.5", "spec.policies.retentionPolicy.days: Invalid value: \"number\": spec.policies.retentionPolicy.days in body must be of type integer: \"number\"")]
    [InlineData(Registry, "spec.adminUserEnabled", "\"yes\"", "spec.adminUserEnabled: Invalid value: \"string\": spec.adminUserEnabled in body must be of type boolean: \"string\"")]
    [InlineData(Registry, "spec.pullSecret.credential", "\"Password\"", "spec.pullSecret.credential: Unsupported value: \"Password\": supported values: \"Token\", \"AdminUser\", \"EntraToken\"")]
    [InlineData(Registry, "spec.tags", "\"prod\"", "spec.tags: Invalid value: \"string\": spec.tags in body must be of type object: \"string\"")]
    [InlineData(Registry, "spec.networkRuleSet.ipRules", "[{\"value\":\"10.0.0.1\"},{\"value\":\"10.0.0.1\"}]", "spec.networkRuleSet.ipRules[1]: Duplicate value: map[string]interface {}{\"value\":\"10.0.0.1\"}")]
    [InlineData(Registry, "spec.networkRuleSet.ipRules", "[{\"value\":\"10.0.0.300\"}]", "spec.networkRuleSet.ipRules[0].value: Invalid value: \"10.0.0.300\": spec.networkRuleSet.ipRules[0].value in body should match '^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(/(3[0-2]|[12]?[0-9]))?$'")]
    [InlineData(Registry, "spec.networkRuleSet.ipRules", "[{}]", "spec.networkRuleSet.ipRules[0].value: Required value")]
    [InlineData(Webhook, "spec.actions", "\"push\"", "spec.actions: Invalid value: \"string\": spec.actions in body must be of type array: \"string\"")]
    [InlineData(BuildTask, "spec.timeoutSeconds", "60", "spec.timeoutSeconds: Invalid value: 60: spec.timeoutSeconds in body should be greater than or equal to 300")]
    [InlineData(BuildTask, "spec.platform.os", "\"Darwin\"", "spec.platform.os: Unsupported value: \"Darwin\": supported values: \"Linux\", \"Windows\"")]
    public void Broken_variants_fail_with_the_apiservers_cause(string fileName, string path, string? json, string expected)
    {
        var variant = RepoFixtures.With(RepoFixtures.Sample(fileName), path, json);

        var errors = SchemaFor(variant).Validate(variant, old: null).Select(e => e.ToString()).ToList();

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void A_type_error_stops_cel_rules_with_the_apiservers_notice()
    {
        var variant = RepoFixtures.With(RepoFixtures.Sample(Registry), "spec.sku", "\"Gold\"");

        var errors = SchemaFor(variant).Validate(variant, old: null);

        Assert.Equal(["FieldValueNotSupported", "FieldValueInvalid"], errors.Select(e => e.Type));
        Assert.EndsWith("some validation rules were not checked because the object was invalid; correct the existing errors to complete validation", errors[^1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Registry, "spec.location", "\"northeurope\"", "spec.location: Invalid value: \"string\": location is immutable")]
    [InlineData(Replication, "spec.location", "\"swedencentral\"", "spec.location: Invalid value: \"string\": location is immutable")]
    [InlineData(Registry, "spec.resourceGroup", "\"rg-platform-test\"", "spec.resourceGroup: Invalid value: \"string\": resourceGroup is immutable")]
    [InlineData(Registry, "spec.azureName", "\"contosoplatform2\"", "spec.azureName: Invalid value: \"string\": azureName is immutable")]
    [InlineData(Registry, "spec.azureName", null, "spec.azureName: Invalid value: \"object\": azureName cannot be added or removed after creation")]
    [InlineData(Webhook, "spec.azureName", "\"paymentsnotify\"", "spec.azureName: Invalid value: \"string\": azureName is immutable")]
    [InlineData(BuildTask, "spec.azureName", null, "spec.azureName: Invalid value: \"object\": azureName cannot be added or removed after creation")]
    [InlineData(Registry, "spec.zoneRedundancy", "\"Disabled\"", "spec.zoneRedundancy: Invalid value: \"string\": zoneRedundancy is fixed when the registry is created")]
    [InlineData(Replication, "spec.registryRef.name", "\"platform-test\"", "spec.registryRef: Invalid value: \"object\": registryRef is immutable")]
    public void Transition_rules_run_on_updates_only(string fileName, string path, string? json, string expected)
    {
        var old = RepoFixtures.Sample(fileName);
        var updated = RepoFixtures.With(old, path, json);
        var schema = SchemaFor(updated);

        Assert.Contains(expected, schema.Validate(updated, old).Select(e => e.ToString()));
        Assert.DoesNotContain(expected, schema.Validate(updated, old: null).Select(e => e.ToString()));
    }

    [Theory]
    [InlineData(Registry, "spec.pullSecret.credential", "\"AdminUser\"", "spec.pullSecret.credential: Invalid value: \"object\": pullSecret.credential AdminUser needs adminUserEnabled: true")]
    [InlineData(Registry, "spec.identity", "{\"type\":\"UserAssigned\"}", "spec.identity.userAssignedIdentities: Invalid value: \"object\": userAssignedIdentities must be listed exactly when type includes UserAssigned")]
    [InlineData(BuildTask, "spec.step.docker.imageNames", null, "spec.step.docker.imageNames: Invalid value: \"object\": imageNames are required when push is true (the default)")]
    [InlineData(BuildTask, "spec.platform.variant", "\"v8\"", "spec.platform.variant: Invalid value: \"object\": variant applies only to the arm and arm64 architectures")]
    [InlineData(Replication, "spec.registryRef.armId", "\"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-platform-prod/providers/Microsoft.ContainerRegistry/registries/contosoplatformprod\"", "spec.registryRef: Invalid value: \"object\": registryRef must set exactly one of name or armId")]
    [InlineData(BuildTask, "spec.step.file", "{\"taskFilePath\":\"acb.yaml\"}", "spec.step: Invalid value: \"object\": step must set exactly one of docker, encoded or file")]
    public void Cross_field_rules_fail_on_create_with_their_message_and_field_path(string fileName, string path, string? json, string expected)
    {
        var variant = RepoFixtures.With(RepoFixtures.Sample(fileName), path, json);

        Assert.Equal([expected], SchemaFor(variant).Validate(variant, old: null).Select(e => e.ToString()));
    }

    [Fact]
    public void Rules_inside_list_items_report_the_item_index()
    {
        var sample = RepoFixtures.Sample(BuildTask);
        sample["spec"]!["step"]!["docker"]!["arguments"]![0]!["secretRef"] = new JsonObject { ["name"] = "build-args", ["key"] = "dotnet-version" };

        Assert.Equal(
            ["spec.step.docker.arguments[0]: Invalid value: \"object\": set exactly one of value or secretRef"],
            SchemaFor(sample).Validate(sample, old: null).Select(e => e.ToString()));
    }

    private static StructuralSchema SchemaFor(JsonObject resource) => StructuralSchema.Parse(RepoFixtures.SchemaOf((string)resource["kind"]!));
}
