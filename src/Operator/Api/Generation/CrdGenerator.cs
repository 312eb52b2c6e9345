using System.Reflection;
using System.Text;
using AcrOperator.Api.Schema;
using AcrOperator.Api.V1Alpha1;
using k8s.Models;

namespace AcrOperator.Api.Generation;

/// <summary>
/// Generates the CustomResourceDefinitions of the operator's API from the C# types in
/// <see cref="V1Alpha1"/>, so the types are the single source of the schema the API server enforces.
/// </summary>
public static class CrdGenerator
{
    /// <summary>The command that regenerates the checked-in CRDs, as the operator executable exposes it.</summary>
    public const string RegenerateCommand = "dotnet run --project src/Operator -- generate-crds config/crd/bases";

    /// <summary>Every kind of the API, in the order their CRDs are listed.</summary>
    public static IReadOnlyList<Type> Kinds { get; } = [typeof(Registry), typeof(Replication), typeof(Webhook), typeof(BuildTask)];

    private const string Header = "# Generated from src/Operator/Api/V1Alpha1 by CrdGenerator; do not edit.\n# Regenerate: " + RegenerateCommand + "\n";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>One CRD file per kind, named as kubebuilder names them: <c>group_plural.yaml</c>.</summary>
    public static IReadOnlyList<GeneratedFile> Generate() =>
        [.. Kinds.Select(kind =>
        {
            var crd = Build(kind);
            return new GeneratedFile($"{crd.Spec.Group}_{crd.Spec.Names.Plural}.yaml", Header + CrdYaml.Serialize(crd));
        })];

    /// <summary>
    /// An absolute path stays as it is; a relative one is taken from the repository root above
    /// <paramref name="currentDirectory"/> (or from <paramref name="currentDirectory"/> outside a checkout).
    /// </summary>
    public static string ResolveOutputDirectory(string path, string currentDirectory)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        for (var directory = new DirectoryInfo(currentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Operator.sln")))
            {
                return Path.Combine(directory.FullName, path);
            }
        }

        return Path.Combine(currentDirectory, path);
    }

    /// <summary>
    /// <paramref name="directory"/>, and the Helm chart's <c>crds/</c> when <paramref name="directory"/> is a checkout's
    /// <c>config/crd/bases</c>: the chart ships the same files (a test compares them), so regenerating one regenerates both.
    /// </summary>
    public static IReadOnlyList<string> WithChartCopy(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var bases = new DirectoryInfo(full);
        if (bases is { Name: "bases", Parent: { Name: "crd", Parent: { Name: "config", Parent: { } root } } })
        {
            var chartCrds = Path.Combine(root.FullName, "charts", "acr-operator", "crds");
            if (Directory.Exists(chartCrds))
            {
                return [full, chartCrds];
            }
        }

        return [full];
    }

    /// <summary>Writes every generated CRD into <paramref name="directory"/>, creating it if needed.</summary>
    public static void WriteAll(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var file in Generate())
        {
            File.WriteAllText(Path.Combine(directory, file.FileName), file.Content, Utf8NoBom);
        }
    }

    /// <summary>The CustomResourceDefinition of one kind.</summary>
    public static V1CustomResourceDefinition Build(Type kind)
    {
        var entity = kind.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{kind.Name} has no [KubernetesEntity].", nameof(kind));

        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta { Name = $"{entity.PluralName}.{entity.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = entity.Group,
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = entity.Kind,
                    ListKind = entity.Kind + "List",
                    Plural = entity.PluralName,
                    Singular = entity.Kind.ToLowerInvariant(),
                    ShortNames = kind.GetCustomAttribute<ShortNamesAttribute>()?.Names.ToList(),
                    Categories = [GroupVersion.Category],
                },
                Scope = "Namespaced",
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = entity.ApiVersion,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = SchemaBuilder.ForKind(kind) },
                        Subresources = new V1CustomResourceSubresources { Status = new Dictionary<string, object>() },
                        AdditionalPrinterColumns = PrinterColumns(kind),
                    },
                ],
            },
        };
    }

    // Every kind is read the same way at a glance (kstatus Ready and its reason first, age last);
    // what tells instances of a kind apart goes in between.
    private static List<V1CustomResourceColumnDefinition> PrinterColumns(Type kind) =>
    [
        Column("Ready", "string", """.status.conditions[?(@.type=="Ready")].status""", "Whether the resource is Ready (True, False or Unknown)."),
        Column("Reason", "string", """.status.conditions[?(@.type=="Ready")].reason""", "Why the resource is or is not Ready."),
        .. kind.GetCustomAttributes<PrinterColumnAttribute>()
            .OrderBy(c => c.Order)
            .Select(c => Column(c.Name, c.Type, c.JsonPath, c.Description, c.Priority)),
        Column("Age", "date", ".metadata.creationTimestamp", description: null),
    ];

    private static V1CustomResourceColumnDefinition Column(string name, string type, string jsonPath, string? description, int priority = 0) =>
        new() { Name = name, Type = type, JsonPath = jsonPath, Description = description, Priority = priority > 0 ? priority : null };
}
