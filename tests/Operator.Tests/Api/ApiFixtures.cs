using System.Text.Json;
using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Tests.Api;

/// <summary>The checked-in CRDs and samples, decoded as the API server decodes them.</summary>
internal static class ApiFixtures
{
    /// <summary>Each kind with its sample file, for theories over all four.</summary>
    public static TheoryData<string> SampleFiles =>
    [
        "acr_v1alpha1_registry.yaml",
        "acr_v1alpha1_replication.yaml",
        "acr_v1alpha1_webhook.yaml",
        "acr_v1alpha1_buildtask.yaml",
    ];

    public static Dictionary<string, object?> Sample(string fileName) =>
        PlainTree.FromYaml(File.ReadAllText(Path.Combine(RepoFiles.SampleDirectory, fileName)));

    public static string SampleYaml(string fileName) => File.ReadAllText(Path.Combine(RepoFiles.SampleDirectory, fileName));

    /// <summary>The openAPIV3Schema of the kind of <paramref name="resource"/>, from its checked-in CRD.</summary>
    public static Dictionary<string, object?> SchemaOf(Dictionary<string, object?> resource) => Schema((string)resource["kind"]!);

    /// <summary>The structural schema of the kind of <paramref name="resource"/>, as the API server uses it.</summary>
    public static StructuralSchema StructuralSchemaOf(Dictionary<string, object?> resource) => StructuralSchema.Parse(Json(SchemaOf(resource)));

    /// <summary>A plain tree as the JSON the API server receives.</summary>
    public static JsonObject Json(Dictionary<string, object?> tree) => JsonSerializer.SerializeToNode(tree)!.AsObject();

    public static Dictionary<string, object?> Schema(string kind)
    {
        var plural = kind switch
        {
            Registry.KubeKind => Registry.KubePluralName,
            Replication.KubeKind => Replication.KubePluralName,
            Webhook.KubeKind => Webhook.KubePluralName,
            BuildTask.KubeKind => BuildTask.KubePluralName,
            _ => throw new ArgumentException($"unknown kind {kind}", nameof(kind)),
        };
        var crd = PlainTree.FromYaml(File.ReadAllText(Path.Combine(RepoFiles.CrdDirectory, $"{GroupVersion.Group}_{plural}.yaml")));
        var version = (Dictionary<string, object?>)((List<object?>)((Dictionary<string, object?>)crd["spec"]!)["versions"]!).Single()!;
        return (Dictionary<string, object?>)((Dictionary<string, object?>)version["schema"]!)["openAPIV3Schema"]!;
    }
}
