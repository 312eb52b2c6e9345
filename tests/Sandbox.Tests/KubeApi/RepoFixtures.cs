using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Sandbox.KubeApi.Model;
using YamlDotNet.RepresentationModel;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>The operator's checked-in CRDs and samples, decoded as the API server decodes YAML into JSON.</summary>
internal static partial class RepoFixtures
{
    public static readonly string Root = FindRoot();

    public static TheoryData<string> SampleFiles =>
    [
        "acr_v1alpha1_registry.yaml",
        "acr_v1alpha1_replication.yaml",
        "acr_v1alpha1_webhook.yaml",
        "acr_v1alpha1_buildtask.yaml",
    ];

    public static IReadOnlyList<string> CrdFileNames { get; } =
        [.. Directory.GetFiles(Path.Combine(Root, "config", "crd", "bases"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> CrdFiles => [.. CrdFileNames];

    public static JsonObject Sample(string fileName) => (JsonObject)FromYaml(File.ReadAllText(Path.Combine(Root, "config", "samples", fileName)));

    public static JsonObject Crd(string fileName) => (JsonObject)FromYaml(File.ReadAllText(Path.Combine(Root, "config", "crd", "bases", fileName)));

    /// <summary>The CRD of a kind, e.g. <c>Registry</c>.</summary>
    public static JsonObject CrdOf(string kind) =>
        CrdFileNames.Select(Crd).Single(crd => (string?)crd["spec"]!["names"]!["kind"] == kind);

    public static JsonObject SchemaOf(string kind) => (JsonObject)CrdOf(kind)["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!;

    /// <summary>What the emulator knows about a custom resource, built from its CRD as the server engineer does.</summary>
    public static ResourceDescriptor Descriptor(JsonObject crd)
    {
        var spec = crd["spec"]!;
        var names = spec["names"]!;
        var version = spec["versions"]![0]!;
        var columns = (version["additionalPrinterColumns"] as JsonArray ?? []).Select(c => new PrinterColumn(
            (string)c!["name"]!, (string)c["type"]!, (string)c["jsonPath"]!, (string?)c["description"], (string?)c["format"], (int)((long?)c["priority"] ?? 0))).ToList();
        return new ResourceDescriptor(
            (string)spec["group"]!,
            (string)version["name"]!,
            (string)names["kind"]!,
            (string)names["plural"]!,
            (string)names["singular"]!,
            (string?)spec["scope"] == "Namespaced",
            (names["shortNames"] as JsonArray ?? []).Select(n => (string)n!).ToList(),
            (names["categories"] as JsonArray ?? []).Select(n => (string)n!).ToList(),
            ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            version["subresources"]?["status"] is not null,
            IsCustomResource: true,
            (JsonObject)version["schema"]!["openAPIV3Schema"]!.DeepClone(),
            columns);
    }

    public static ResourceDescriptor Namespaces { get; } = new(
        "", "v1", "Namespace", "namespaces", "namespace", false, ["ns"], [], ["create", "delete", "get", "list", "patch", "update", "watch"],
        true, IsCustomResource: false, null, []);

    public static ResourceDescriptor ConfigMaps { get; } = new(
        "", "v1", "ConfigMap", "configmaps", "configmap", true, ["cm"], [], ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        false, IsCustomResource: false, null, []);

    public static JsonNode FromYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return Convert(stream.Documents.Single().RootNode)!;
    }

    /// <summary>A deep copy with the value at a dotted path set (JSON text), or removed when <paramref name="json"/> is null.</summary>
    public static JsonObject With(JsonObject tree, string path, string? json)
    {
        var copy = (JsonObject)tree.DeepClone();
        var segments = path.Split('.');
        var parent = copy;
        foreach (var segment in segments[..^1])
        {
            parent = (JsonObject)(parent[segment] ??= new JsonObject());
        }

        if (json is null)
        {
            parent.Remove(segments[^1]);
        }
        else
        {
            parent[segments[^1]] = JsonNode.Parse(json);
        }

        return copy;
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, Convert(p.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Convert)]),
        YamlScalarNode scalar when scalar.Style != YamlDotNet.Core.ScalarStyle.Plain => JsonValue.Create(scalar.Value),
        YamlScalarNode scalar => PlainScalar(scalar.Value ?? ""),
        _ => throw new NotSupportedException(node.NodeType.ToString()),
    };

    // The YAML 1.2 core schema, as sigs.k8s.io/yaml resolves plain scalars.
    private static JsonValue? PlainScalar(string text) =>
        text is "" or "~" or "null" or "Null" or "NULL" ? null
        : text is "true" or "True" or "TRUE" ? JsonValue.Create(true)
        : text is "false" or "False" or "FALSE" ? JsonValue.Create(false)
        : Integer().IsMatch(text) ? JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture))
        : Float().IsMatch(text) ? JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture))
        : JsonValue.Create(text);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Operator.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Operator.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
