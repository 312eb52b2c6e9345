using AcrOperator.Api.Generation;

namespace AcrOperator.Tests.Api;

public sealed class CrdOutputDirectoryTests
{
    [Fact]
    public void A_relative_directory_means_the_repository_root_even_when_dotnet_run_starts_in_the_project_folder()
    {
        var fromProjectFolder = CrdGenerator.ResolveOutputDirectory("config/crd/bases", Path.Combine(RepoFiles.Root, "src", "Operator"));

        Assert.Equal(Path.Combine(RepoFiles.Root, "config/crd/bases"), fromProjectFolder);
        Assert.Equal(fromProjectFolder, CrdGenerator.ResolveOutputDirectory("config/crd/bases", RepoFiles.Root));
    }

    [Fact]
    public void An_absolute_directory_is_kept()
        => Assert.Equal("/tmp/crds", CrdGenerator.ResolveOutputDirectory("/tmp/crds", RepoFiles.Root));
}
