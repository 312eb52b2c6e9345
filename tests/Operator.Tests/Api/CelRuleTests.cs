using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Tests.Api;

/// <summary>The CEL rules of the CRDs, evaluated by the emulator's StructuralSchema on creates and updates as the API server does.</summary>
public sealed class CelRuleTests
{
    private const string RegistrySample = "acr_v1alpha1_registry.yaml";
    private const string ReplicationSample = "acr_v1alpha1_replication.yaml";
    private const string WebhookSample = "acr_v1alpha1_webhook.yaml";
    private const string BuildTaskSample = "acr_v1alpha1_buildtask.yaml";

    public static TheoryData<string> Kinds => [Registry.KubePluralName, Replication.KubePluralName, Webhook.KubePluralName, BuildTask.KubePluralName];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_rule_compiles_and_has_a_message(string plural)
    {
        var crd = ApiFixtures.Json(PlainTree.FromYaml(RepoFiles.Read("config", "crd", "bases", $"{GroupVersion.Group}_{plural}.yaml")));
        var rules = Rules(crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!).ToList();

        Assert.Empty(CrdAdmission.ValidateCrd(crd));
        Assert.NotEmpty(rules);
        Assert.All(rules, rule => Assert.False(string.IsNullOrWhiteSpace((string?)rule["message"]), $"rule without message: {rule["rule"]}"));
    }

    [Theory]
    [MemberData(nameof(ApiFixtures.SampleFiles), MemberType = typeof(ApiFixtures))]
    public void An_unchanged_sample_passes_every_transition_rule(string fileName)
    {
        var sample = ApiFixtures.Sample(fileName);

        Assert.Empty(Validate(sample, sample));
    }

    [Theory]
    [InlineData(RegistrySample, "spec.location", "northeurope", "spec.location: Invalid value: \"string\": location is immutable")]
    [InlineData(ReplicationSample, "spec.location", "swedencentral", "spec.location: Invalid value: \"string\": location is immutable")]
    [InlineData(RegistrySample, "spec.resourceGroup", "rg-platform-test", "spec.resourceGroup: Invalid value: \"string\": resourceGroup is immutable")]
    [InlineData(RegistrySample, "spec.azureName", "contosoplatform2", "spec.azureName: Invalid value: \"string\": azureName is immutable")]
    [InlineData(RegistrySample, "spec.azureName", null, "spec.azureName: Invalid value: \"object\": azureName cannot be added or removed after creation")]
    [InlineData(WebhookSample, "spec.azureName", "paymentsnotify", "spec.azureName: Invalid value: \"string\": azureName is immutable")]
    [InlineData(BuildTaskSample, "spec.azureName", null, "spec.azureName: Invalid value: \"object\": azureName cannot be added or removed after creation")]
    [InlineData(RegistrySample, "spec.zoneRedundancy", "Disabled", "spec.zoneRedundancy: Invalid value: \"string\": zoneRedundancy is fixed when the registry is created")]
    [InlineData(ReplicationSample, "spec.zoneRedundancy", "Disabled", "spec.zoneRedundancy: Invalid value: \"string\": zoneRedundancy is fixed when the replication is created")]
    [InlineData(ReplicationSample, "spec.registryRef.name", "platform-test", "spec.registryRef: Invalid value: \"object\": registryRef is immutable")]
    [InlineData(BuildTaskSample, "spec.registryRef.name", "platform-test", "spec.registryRef: Invalid value: \"object\": registryRef is immutable")]
    [InlineData(RegistrySample, "spec.encryption.status", "enabled", "spec.encryption.status: Invalid value: \"object\": customer-managed-key encryption is set at creation and cannot be turned on or off later")]
    public void An_update_that_breaks_a_transition_rule_fails_with_its_message(string fileName, string path, object? value, string expected)
    {
        var old = ApiFixtures.Sample(fileName);
        var updated = PlainTree.With(old, path, value);
        if (path == "spec.encryption.status")
        {
            updated = PlainTree.With(updated, "spec.encryption.keyVaultProperties.keyIdentifier", "https://kv-platform-prod.vault.azure.net/keys/acr");
        }

        Assert.Contains(expected, Validate(updated, old));
        Assert.DoesNotContain(expected, Validate(updated, old: null));
    }

    [Theory]
    [InlineData(RegistrySample, "spec.pullSecret.credential", "AdminUser", "spec.pullSecret.credential: Invalid value: \"object\": pullSecret.credential AdminUser needs adminUserEnabled: true")]
    [InlineData(RegistrySample, "spec.identity.type", "UserAssigned", "spec.identity.userAssignedIdentities: Invalid value: \"object\": userAssignedIdentities must be listed exactly when type includes UserAssigned")]
    [InlineData(RegistrySample, "spec.encryption.status", "enabled", "spec.encryption.keyVaultProperties: Invalid value: \"object\": encryption with status enabled needs keyVaultProperties")]
    [InlineData(BuildTaskSample, "spec.step.docker.imageNames", null, "spec.step.docker.imageNames: Invalid value: \"object\": imageNames are required when push is true (the default)")]
    [InlineData(BuildTaskSample, "spec.step.docker", null, "spec.step: Invalid value: \"object\": step must set exactly one of docker, encoded or file")]
    [InlineData(BuildTaskSample, "spec.platform.variant", "v8", "spec.platform.variant: Invalid value: \"object\": variant applies only to the arm and arm64 architectures")]
    public void A_create_that_breaks_a_cross_field_rule_fails_with_its_message(string fileName, string path, object? value, string expected)
    {
        var variant = PlainTree.With(ApiFixtures.Sample(fileName), path, value);

        Assert.Equal([expected], Validate(variant, old: null));
    }

    [Fact]
    public void A_docker_step_without_a_context_is_refused_and_so_is_its_context_token()
    {
        var variant = PlainTree.With(ApiFixtures.Sample(BuildTaskSample), "spec.step.contextPath", null);

        Assert.Equal(
            [
                "spec.step.contextPath: Invalid value: \"object\": contextPath is required for docker and file steps (use /dev/null for a file task without context)",
                "spec.step.contextAccessTokenSecretRef: Invalid value: \"object\": contextAccessTokenSecretRef needs a contextPath to read",
            ],
            Validate(variant, old: null));
    }

    [Fact]
    public void Images_are_optional_when_the_build_is_not_pushed()
    {
        var variant = PlainTree.With(ApiFixtures.Sample(BuildTaskSample), "spec.step.docker.imageNames", null);
        variant = PlainTree.With(variant, "spec.step.docker.push", false);

        Assert.Empty(Validate(variant, old: null));
    }

    [Fact]
    public void A_build_argument_takes_a_value_or_a_secret_not_both()
    {
        var sample = ApiFixtures.Sample(BuildTaskSample);
        var docker = (Dictionary<string, object?>)((Dictionary<string, object?>)((Dictionary<string, object?>)sample["spec"]!)["step"]!)["docker"]!;
        var argument = (Dictionary<string, object?>)((List<object?>)docker["arguments"]!)[0]!;
        argument["secretRef"] = new Dictionary<string, object?> { ["name"] = "build-args", ["key"] = "dotnet-version" };

        Assert.Equal(["spec.step.docker.arguments[0]: Invalid value: \"object\": set exactly one of value or secretRef"], Validate(sample, old: null));
    }

    [Fact]
    public void Zone_redundancy_may_stay_as_it_was_when_other_fields_change()
    {
        var old = ApiFixtures.Sample(RegistrySample);
        var updated = PlainTree.With(old, "spec.sku", "Standard");

        Assert.Empty(Validate(updated, old));
    }

    private static List<string> Validate(Dictionary<string, object?> resource, Dictionary<string, object?>? old) =>
        [.. ApiFixtures.StructuralSchemaOf(resource).Validate(ApiFixtures.Json(resource), old is null ? null : ApiFixtures.Json(old)).Select(e => e.ToString())];

    private static IEnumerable<JsonObject> Rules(JsonNode? schema) => schema switch
    {
        JsonObject obj => (obj["x-kubernetes-validations"] as JsonArray ?? []).OfType<JsonObject>()
            .Concat(obj.Where(p => p.Key != "x-kubernetes-validations").SelectMany(p => Rules(p.Value))),
        JsonArray array => array.SelectMany(Rules),
        _ => [],
    };
}
