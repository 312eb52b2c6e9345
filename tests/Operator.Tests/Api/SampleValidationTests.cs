namespace AcrOperator.Tests.Api;

/// <summary>The samples are valid custom resources, and the schema rejects the mistakes users make with the API server's causes.</summary>
public sealed class SampleValidationTests
{
    [Theory]
    [MemberData(nameof(ApiFixtures.SampleFiles), MemberType = typeof(ApiFixtures))]
    public void Sample_passes_its_crd_schema_and_rules(string fileName)
    {
        var sample = ApiFixtures.Sample(fileName);
        var json = ApiFixtures.Json(sample);
        var schema = ApiFixtures.StructuralSchemaOf(sample);

        Assert.Empty(schema.Prune(json));
        Assert.Empty(schema.Validate(json, old: null));
    }

    [Theory]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.sku", "Gold", "spec.sku: Unsupported value: \"Gold\": supported values: \"Basic\", \"Standard\", \"Premium\"")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.azureName", "acr1", "spec.azureName: Invalid value: \"acr1\": spec.azureName in body should be at least 5 chars long")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.azureName", "contoso-platform", "spec.azureName: Invalid value: \"contoso-platform\": spec.azureName in body should match '^[a-zA-Z0-9]+$'")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.location", null, "spec.location: Required value")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.location", "West Europe", "spec.location: Invalid value: \"West Europe\": spec.location in body should match '^[a-z0-9]+$'")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.policies.retentionPolicy.days", 366L, "spec.policies.retentionPolicy.days: Invalid value: 366: spec.policies.retentionPolicy.days in body should be less than or equal to 365")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.pullSecret.credential", "Password", "spec.pullSecret.credential: Unsupported value: \"Password\": supported values: \"Token\", \"AdminUser\", \"EntraToken\"")]
    [InlineData("acr_v1alpha1_webhook.yaml", "spec.actions", "push", "spec.actions: Invalid value: \"string\": spec.actions in body must be of type array: \"string\"")]
    [InlineData("acr_v1alpha1_buildtask.yaml", "spec.timeoutSeconds", 60L, "spec.timeoutSeconds: Invalid value: 60: spec.timeoutSeconds in body should be greater than or equal to 300")]
    [InlineData("acr_v1alpha1_buildtask.yaml", "spec.triggers.timerTriggers", "nightly", "spec.triggers.timerTriggers: Invalid value: \"string\": spec.triggers.timerTriggers in body must be of type array: \"string\"")]
    [InlineData("acr_v1alpha1_buildtask.yaml", "spec.platform.os", "Darwin", "spec.platform.os: Unsupported value: \"Darwin\": supported values: \"Linux\", \"Windows\"")]
    public void Schema_rejects_invalid_variant(string fileName, string path, object? value, string expected)
    {
        var variant = PlainTree.With(ApiFixtures.Sample(fileName), path, value);

        Assert.Contains(expected, ApiFixtures.StructuralSchemaOf(variant).Validate(ApiFixtures.Json(variant), old: null).Select(e => e.ToString()));
    }

    [Fact]
    public void An_unknown_field_is_pruned_and_reported_for_strict_field_validation()
    {
        var variant = ApiFixtures.Json(PlainTree.With(ApiFixtures.Sample("acr_v1alpha1_registry.yaml"), "spec.colour", "blue"));

        Assert.Equal(["spec.colour"], ApiFixtures.StructuralSchemaOf(ApiFixtures.Sample("acr_v1alpha1_registry.yaml")).Prune(variant));
    }

    [Theory]
    [InlineData("acr_v1alpha1_replication.yaml", "spec.registryRef.armId", "spec.registryRef: Invalid value: \"object\": registryRef must set exactly one of name or armId")]
    [InlineData("acr_v1alpha1_webhook.yaml", "spec.registryRef.armId", "spec.registryRef: Invalid value: \"object\": registryRef must set exactly one of name or armId")]
    public void Rules_reject_registry_ref_with_both_name_and_arm_id(string fileName, string path, string expected)
    {
        var variant = PlainTree.With(
            ApiFixtures.Sample(fileName),
            path,
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-platform-prod/providers/Microsoft.ContainerRegistry/registries/contosoplatformprod");

        Assert.Equal([expected], ApiFixtures.StructuralSchemaOf(variant).Validate(ApiFixtures.Json(variant), old: null).Select(e => e.ToString()));
    }

    [Fact]
    public void Rules_reject_a_step_with_two_variants()
    {
        var variant = PlainTree.With(
            ApiFixtures.Sample("acr_v1alpha1_buildtask.yaml"),
            "spec.step.file",
            new Dictionary<string, object?> { ["taskFilePath"] = "acb.yaml" });

        Assert.Equal(
            ["spec.step: Invalid value: \"object\": step must set exactly one of docker, encoded or file"],
            ApiFixtures.StructuralSchemaOf(variant).Validate(ApiFixtures.Json(variant), old: null).Select(e => e.ToString()));
    }
}
