using AcrOperator.Api.Generation;
using AcrOperator.Tests.Api;
using AcrOperator.Tests.TestSupport;

namespace AcrOperator.Tests.Install;

/// <summary>The Helm chart with the real helm: lint, rendering with default and non-default values, the values schema, its RBAC and its CRDs.</summary>
public sealed class HelmChartTests
{
    [Fact]
    public async Task Helm_lint_passes()
    {
        var (exit, stdout, stderr) = await ExternalCommand.RunAsync(InstallTools.Helm(), ["lint", InstallTools.ChartDirectory, "--strict"], workingDirectory: RepoFiles.Root);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Contains("0 chart(s) failed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_render_is_a_restricted_single_leader_elected_operator_without_service_monitor()
    {
        var rendered = await InstallTools.RenderChartAsync();

        Assert.Contains("replicas: 1\n", rendered, StringComparison.Ordinal);
        Assert.Contains("runAsNonRoot: true", rendered, StringComparison.Ordinal);
        Assert.Contains("readOnlyRootFilesystem: true", rendered, StringComparison.Ordinal);
        Assert.Contains("allowPrivilegeEscalation: false", rendered, StringComparison.Ordinal);
        Assert.Contains("drop: [\"ALL\"]", rendered, StringComparison.Ordinal);
        Assert.Contains("type: RuntimeDefault", rendered, StringComparison.Ordinal);
        Assert.Contains("path: /healthz", rendered, StringComparison.Ordinal);
        Assert.Contains("path: /readyz", rendered, StringComparison.Ordinal);
        Assert.Contains("name: Operator__LeaderElect\n          value: \"true\"", rendered, StringComparison.Ordinal);
        Assert.Contains("name: Operator__HttpPort\n          value: \"8080\"", rendered, StringComparison.Ordinal);
        Assert.Contains("image: \"acr-operator:0.1.0\"", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("kind: ServiceMonitor", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("azure.workload.identity", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("TrustedNamespaces", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workload_identity_service_monitor_replicas_log_level_and_trusted_namespaces_render_as_set()
    {
        var rendered = await InstallTools.RenderChartAsync(
            "workloadIdentity.enabled=true",
            "workloadIdentity.clientId=11111111-2222-3333-4444-555555555555",
            "metrics.serviceMonitor.enabled=true",
            "replicaCount=2",
            "logLevel=Debug",
            "pullSecrets.trustedNamespaces={platform,acr-operator-system}");

        Assert.Contains("azure.workload.identity/client-id: 11111111-2222-3333-4444-555555555555", rendered, StringComparison.Ordinal);
        Assert.Contains("azure.workload.identity/use: \"true\"", rendered, StringComparison.Ordinal);
        Assert.Contains("name: Operator__Azure__Credential\n          value: WorkloadIdentity", rendered, StringComparison.Ordinal);
        Assert.Contains("kind: ServiceMonitor", rendered, StringComparison.Ordinal);
        Assert.Contains("replicas: 2\n", rendered, StringComparison.Ordinal);
        Assert.Contains("name: Logging__LogLevel__Default\n          value: \"Debug\"", rendered, StringComparison.Ordinal);
        Assert.Contains("name: Operator__PullSecrets__TrustedNamespaces__0\n          value: \"platform\"", rendered, StringComparison.Ordinal);
        Assert.Contains("name: Operator__PullSecrets__TrustedNamespaces__1\n          value: \"acr-operator-system\"", rendered, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("replicaCount=0", "replicaCount")]
    [InlineData("logLevel=Verbose", "logLevel")]
    [InlineData("pullSecrets.trustedNamespaces={Not_A_Namespace}", "trustedNamespaces")]
    [InlineData("workloadIdentity.enabled=true", "clientId")]
    [InlineData("metrics.port=70000", "port")]
    [InlineData("unknownSetting=1", "unknownSetting")]
    public async Task The_values_schema_rejects_a_bad_value(string set, string named)
    {
        var (exit, _, stderr) = await ExternalCommand.RunAsync(
            InstallTools.Helm(), ["template", "acr-operator", InstallTools.ChartDirectory, "--set", set], workingDirectory: RepoFiles.Root);

        Assert.NotEqual(0, exit);
        Assert.Contains("values don't meet the specifications of the schema", stderr, StringComparison.Ordinal);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chart_grants_the_operator_exactly_its_declared_access_and_aggregates_viewer_and_editor_roles()
    {
        var manifests = RbacManifests.Parse([await InstallTools.RenderChartAsync("workloadIdentity.enabled=true", "workloadIdentity.clientId=x")]);

        DeclaredAccess.AssertGrantedExactly(manifests, "charts/acr-operator");
        RbacTests.AssertAggregatedRoles(manifests, "charts/acr-operator");
    }

    [Fact]
    public void The_chart_crds_are_byte_for_byte_the_generated_ones_in_config_crd_bases()
    {
        var bases = Path.Combine(RepoFiles.Root, "config", "crd", "bases");
        var chart = Path.Combine(InstallTools.ChartDirectory, "crds");
        var expected = Directory.GetFiles(bases).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, Directory.GetFiles(chart).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        foreach (var name in expected)
        {
            Assert.True(
                File.ReadAllBytes(Path.Combine(bases, name!)).SequenceEqual(File.ReadAllBytes(Path.Combine(chart, name!))),
                $"charts/acr-operator/crds/{name} differs from config/crd/bases/{name}; run: dotnet run --project src/Operator -- generate-crds config/crd/bases (it writes both)");
        }
    }

    [Fact]
    public void Generating_into_config_crd_bases_also_writes_the_chart_crds_and_nowhere_else_does()
    {
        var bases = Path.Combine(RepoFiles.Root, "config", "crd", "bases");

        Assert.Equal([bases, Path.Combine(InstallTools.ChartDirectory, "crds")], CrdGenerator.WithChartCopy(bases + Path.DirectorySeparatorChar));
        var elsewhere = Directory.CreateTempSubdirectory("crds-").FullName;
        Assert.Equal([elsewhere], CrdGenerator.WithChartCopy(elsewhere));
    }
}
