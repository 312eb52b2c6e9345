using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Tests.Arm;

/// <summary>
/// The example files under <c>shared/arm-spec/*/examples</c> and the operation each belongs to, found through the
/// spec's <c>x-ms-examples</c> references (path template, method, operation), not a hand-written table.
/// </summary>
internal static class ArmExamples
{
    public static string SpecRoot { get; } = Path.Combine(FindShared(), "arm-spec");

    /// <summary>Every example file, as <c>version/examples/Name.json</c>.</summary>
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(SpecRoot, "*.json", SearchOption.AllDirectories)
                     .Where(f => f.Contains($"{Path.DirectorySeparatorChar}examples{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(SpecRoot, file).Replace(Path.DirectorySeparatorChar, '/'));
        }

        return data;
    }

    /// <summary>All operations of a version's spec files: path template, method, operation object, and its example files.</summary>
    public static IEnumerable<(string Template, string Method, JsonObject Operation, IReadOnlyList<string> Examples)> Operations(string version)
    {
        var directory = Path.Combine(SpecRoot, version);
        foreach (var specFile in Directory.EnumerateFiles(directory, "*.json"))
        {
            var spec = JsonNode.Parse(File.ReadAllText(specFile))!;
            foreach (var (template, item) in spec["paths"]!.AsObject())
            {
                foreach (var (method, node) in item!.AsObject().Where(p => p.Key != "parameters"))
                {
                    var operation = node!.AsObject();
                    var examples = (operation["x-ms-examples"] as JsonObject ?? [])
                        .Select(e => $"{version}/{((string)e.Value!["$ref"]!).TrimStart('.', '/')}")
                        .ToList();
                    yield return (template, method.ToUpperInvariant(), operation, examples);
                }
            }
        }
    }

    public static JsonObject Load(string relativePath) => JsonNode.Parse(File.ReadAllText(Path.Combine(SpecRoot, relativePath)))!.AsObject();

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "arm-spec")))
            {
                return candidate;
            }
        }

        return "/work/shared";
    }
}
