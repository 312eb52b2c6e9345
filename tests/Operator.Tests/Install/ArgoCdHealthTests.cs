using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Tests.Api;
using AcrOperator.Tests.TestSupport;
using YamlDotNet.Serialization;

namespace AcrOperator.Tests.Install;

/// <summary>
/// The Argo CD health checks of config/argocd, run by a real Lua interpreter the way Argo CD runs them (the object as the
/// global <c>obj</c>, the script's returned table read for status and message), against each kind's <c>health_test.yaml</c>.
/// </summary>
public sealed class ArgoCdHealthTests
{
    private static readonly string Root = Path.Combine(RepoFiles.Root, "config", "argocd", "acr.operator.dev");

    public static TheoryData<string> Kinds => new(Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void There_is_a_health_check_for_each_of_the_four_kinds() =>
        Assert.Equal(["BuildTask", "Registry", "Replication", "Webhook"], Kinds.Select(row => row.Data));

    [Fact]
    public void The_four_scripts_are_one_script_so_they_cannot_drift_apart() =>
        Assert.Single(Kinds.Select(row => File.ReadAllText(Path.Combine(Root, row.Data, "health.lua"))).Distinct(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_health_check_gives_each_sample_its_expected_status_and_message(string kind)
    {
        var lua = ExternalCommand.Find("lua5.4");
        Assert.SkipWhen(lua is null, "lua5.4 is not on PATH; .ci/run installs Debian's lua5.4 to run the Argo CD health checks");
        var directory = Path.Combine(Root, kind);
        var script = await File.ReadAllTextAsync(Path.Combine(directory, "health.lua"), TestContext.Current.CancellationToken);
        var cases = ((JsonObject)ToJson(Path.Combine(directory, "health_test.yaml"))!)["tests"]!.AsArray();
        Assert.True(cases.Count >= 4, "progressing, healthy, degraded and stale-generation samples at least");
        var statuses = new HashSet<string>(StringComparer.Ordinal);

        foreach (var test in cases)
        {
            var input = test!["inputPath"]!.GetValue<string>();
            var expected = test["healthStatus"]!;
            var (status, message) = await RunAsync(lua!, script, ToJson(Path.Combine(directory, input)));
            Assert.True(
                status == expected["status"]!.GetValue<string>() && message == expected["message"]!.GetValue<string>(),
                $"{kind}/{input}: expected {expected["status"]} \"{expected["message"]}\", got {status} \"{message}\"");
            statuses.Add(status);
        }

        Assert.Superset(new HashSet<string>(["Progressing", "Healthy", "Degraded"], StringComparer.Ordinal), statuses);
    }

    private static async Task<(string Status, string Message)> RunAsync(string lua, string script, JsonNode? obj)
    {
        // Argo CD runs the script with the object as the global obj; the returned table is the health.
        var driver = new StringBuilder()
            .Append("obj = ").AppendLine(ToLua(obj))
            .AppendLine("local hs = (function()")
            .AppendLine(script)
            .AppendLine("end)()")
            .AppendLine("io.write(hs.status, \"\\n\", hs.message or \"\", \"\\n\")")
            .ToString();
        var file = Path.Combine(Directory.CreateTempSubdirectory("argocd-health-").FullName, "driver.lua");
        await File.WriteAllTextAsync(file, driver, TestContext.Current.CancellationToken);
        var (exit, stdout, stderr) = await ExternalCommand.RunAsync(lua, [file]);
        Assert.True(exit == 0, stderr);
        var lines = stdout.Split('\n');
        return (lines[0], lines[1]);
    }

    private static JsonNode? ToJson(string yamlFile)
    {
        // YAML to JSON as Argo CD decodes objects: scalars typed (numbers, booleans), so generation compares as a number.
        var yaml = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(File.ReadAllText(yamlFile));
        return JsonNode.Parse(new SerializerBuilder().JsonCompatible().Build().Serialize(yaml!));
    }

    private static string ToLua(JsonNode? node) => node switch
    {
        null => "nil",
        JsonObject o => "{" + string.Join(", ", o.Select(p => $"[{Quote(p.Key)}] = {ToLua(p.Value)}")) + "}",
        JsonArray a => "{" + string.Join(", ", a.Select(ToLua)) + "}",
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString(CultureInfo.InvariantCulture),
        _ => Quote(node.GetValue<string>()),
    };

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
