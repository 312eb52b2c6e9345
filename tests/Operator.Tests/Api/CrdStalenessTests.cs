using AcrOperator.Api.Generation;

namespace AcrOperator.Tests.Api;

/// <summary>The checked-in CRDs are exactly what the C# types generate, so the two cannot drift apart.</summary>
public sealed class CrdStalenessTests
{
    [Fact]
    public void Checked_in_crds_match_the_generator_byte_for_byte()
    {
        var generated = CrdGenerator.Generate();
        var onDisk = Directory.GetFiles(RepoFiles.CrdDirectory, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.True(
            generated.Select(f => f.FileName).Order(StringComparer.Ordinal).SequenceEqual(onDisk),
            $"config/crd/bases holds other files than the generator makes. Run: {CrdGenerator.RegenerateCommand}");
        foreach (var file in generated)
        {
            var checkedIn = File.ReadAllText(Path.Combine(RepoFiles.CrdDirectory, file.FileName));
            Assert.True(checkedIn == file.Content, $"{file.FileName} is stale. Run: {CrdGenerator.RegenerateCommand}");
        }
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        Assert.Equal(CrdGenerator.Generate(), CrdGenerator.Generate());
    }

    [Fact]
    public void Kustomization_lists_every_crd()
    {
        var kustomization = PlainTree.FromYaml(RepoFiles.Read("config", "crd", "kustomization.yaml"));
        var resources = ((List<object?>)kustomization["resources"]!).Cast<string>().Order(StringComparer.Ordinal);

        Assert.Equal(CrdGenerator.Generate().Select(f => "bases/" + f.FileName).Order(StringComparer.Ordinal), resources);
    }
}
