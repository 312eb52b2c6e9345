namespace AcrOperator.Tests.Api;

/// <summary>The samples are valid custom resources, and the schema rejects the mistakes users make.</summary>
public sealed class SampleValidationTests
{
    [Theory]
    [MemberData(nameof(ApiFixtures.SampleFiles), MemberType = typeof(ApiFixtures))]
    public void Sample_passes_its_crd_schema_and_rules(string fileName)
    {
        var sample = ApiFixtures.Sample(fileName);
        var schema = ApiFixtures.SchemaOf(sample);

        Assert.Empty(StructuralSchemaValidator.ValidateResource(schema, sample));
        Assert.Empty(CelRuleEvaluator.Validate(schema, sample, oldValue: null));
    }

    [Theory]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.sku", "Gold", "spec.sku: Unsupported value: \"Gold\": supported values: \"Basic\", \"Standard\", \"Premium\"")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.azureName", "acr1", "spec.azureName: Invalid value: \"acr1\": should be at least 5 chars long")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.azureName", "contoso-platform", "spec.azureName: Invalid value: \"contoso-platform\": should match '^[a-zA-Z0-9]+$'")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.colour", "blue", "spec.colour: Unknown field")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.location", null, "spec.location: Required value")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.location", "West Europe", "spec.location: Invalid value: \"West Europe\": should match '^[a-z0-9]+$'")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.policies.retentionPolicy.days", 366L, "spec.policies.retentionPolicy.days: Invalid value: 366: should be less than or equal to 365")]
    [InlineData("acr_v1alpha1_registry.yaml", "spec.pullSecret.credential", "Password", "spec.pullSecret.credential: Unsupported value: \"Password\": supported values: \"Token\", \"AdminUser\", \"EntraToken\"")]
    [InlineData("acr_v1alpha1_webhook.yaml", "spec.actions", "push", "spec.actions: Invalid value: \"push\": must be of type array")]
    [InlineData("acr_v1alpha1_buildtask.yaml", "spec.timeoutSeconds", 60L, "spec.timeoutSeconds: Invalid value: 60: should be greater than or equal to 300")]
    [InlineData("acr_v1alpha1_buildtask.yaml", "spec.platform.os", "Darwin", "spec.platform.os: Unsupported value: \"Darwin\": supported values: \"Linux\", \"Windows\"")]
    public void Schema_rejects_invalid_variant(string fileName, string path, object? value, string expected)
    {
        var variant = PlainTree.With(ApiFixtures.Sample(fileName), path, value);

        Assert.Contains(expected, StructuralSchemaValidator.ValidateResource(ApiFixtures.SchemaOf(variant), variant));
    }

    [Theory]
    [InlineData("acr_v1alpha1_replication.yaml", "spec.registryRef.armId", "spec.registryRef: registryRef must set exactly one of name or armId")]
    [InlineData("acr_v1alpha1_webhook.yaml", "spec.registryRef.armId", "spec.registryRef: registryRef must set exactly one of name or armId")]
    public void Rules_reject_registry_ref_with_both_name_and_arm_id(string fileName, string path, string expected)
    {
        var variant = PlainTree.With(
            ApiFixtures.Sample(fileName),
            path,
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-platform-prod/providers/Microsoft.ContainerRegistry/registries/contosoplatformprod");

        Assert.Empty(StructuralSchemaValidator.ValidateResource(ApiFixtures.SchemaOf(variant), variant));
        Assert.Equal([expected], CelRuleEvaluator.Validate(ApiFixtures.SchemaOf(variant), variant, oldValue: null));
    }

    [Fact]
    public void Rules_reject_a_step_with_two_variants()
    {
        var variant = PlainTree.With(
            ApiFixtures.Sample("acr_v1alpha1_buildtask.yaml"),
            "spec.step.file",
            new Dictionary<string, object?> { ["taskFilePath"] = "acb.yaml" });

        Assert.Empty(StructuralSchemaValidator.ValidateResource(ApiFixtures.SchemaOf(variant), variant));
        Assert.Equal(["spec.step: step must set exactly one of docker, encoded or file"], CelRuleEvaluator.Validate(ApiFixtures.SchemaOf(variant), variant, oldValue: null));
    }
}
