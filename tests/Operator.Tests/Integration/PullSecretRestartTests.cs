using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers.PullSecrets;
using k8s.Models;
using static AcrOperator.Tests.Integration.PullSecretEnvironment;

namespace AcrOperator.Tests.Integration;

/// <summary>The operator killed in the middle of a rotation and started again: its own environment, since it stops the operator.</summary>
public sealed class PullSecretRestartTests(PullSecretEnvironment env) : IClassFixture<PullSecretEnvironment>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task An_operator_killed_mid_rotation_resumes_with_one_token_and_never_a_refused_password() => env.RunAsync(async () =>
    {
        var labels = new Dictionary<string, string> { ["pull-test"] = "restart" };
        var namespaces = Enumerable.Range(0, 30).Select(i => $"restart-{i}").ToList();
        foreach (var ns in namespaces)
        {
            await env.CreateNamespaceAsync(ns, labels);
        }

        await env.CreateRegistryAsync(OperatorNamespace, "restart", new PullSecretSpec { Namespaces = new V1LabelSelector { MatchLabels = labels } });
        Registry? registry = null;
        await Eventually.TrueAsync(async () => (registry = await env.ReadRegistryAsync(OperatorNamespace, "restart"))?.Status.PullSecret?.NamespacesServed == namespaces.Count, timeoutSeconds: 30);
        var loginServer = registry!.Status.LoginServer!;
        var generate = RegistryPath(registry) + "/generateCredentials";
        var before = env.ArmRequests("POST", generate);
        var first = await SinglePasswordAsync(registry, loginServer, namespaces.Count);

        using var sampler = new CredentialSampler(env, registry, loginServer);
        var sampling = sampler.RunAsync(Ct);
        await env.PatchRegistryAsync(OperatorNamespace, "restart", new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationNames.RotateRequestedAt] = "now" } } });
        // Kill it as soon as the new password exists: it is then stored or about to be, and the fan-out has not finished.
        await Eventually.TrueAsync(() => env.ArmRequests("POST", generate) > before, timeoutSeconds: 20);
        env.StopOperator();
        var heldAtKill = (await env.ManagedSecretsAsync(registry)).Select(s => CredentialsIn(s, loginServer).Password).Distinct(StringComparer.Ordinal).Count();

        env.StartOperator();
        string? settled = null;
        await Eventually.TrueAsync(async () => (settled = await SinglePasswordAsync(registry, loginServer, namespaces.Count, wait: false)) is { } p && p != first, timeoutSeconds: 30);
        await sampler.StopAsync(sampling);

        Assert.True(sampler.Failures.IsEmpty, $"{sampler.Failures.Count} of {sampler.Samples} samples held a refused password: {string.Join("; ", sampler.Failures.Take(5))}");
        using var arm = env.Arm.CreateHttpClient();
        var tokens = JsonNode.Parse(await arm.GetStringAsync($"{RegistryPath(registry)}/tokens?api-version=2025-11-01", Ct))!["value"]!.AsArray();
        Assert.Equal([PullSecretResources.TokenName(registry.Metadata.Uid)], tokens.Select(t => (string?)t!["name"]));
        Assert.Equal(1, env.ArmRequests("PUT", RegistryPath(registry) + "/tokens/"));
        Assert.True(env.Arm.CheckCredentials(loginServer, PullSecretResources.TokenName(registry.Metadata.Uid), settled!));
        TestContext.Current.TestOutputHelper?.WriteLine($"passwords in the Secrets when the operator was killed: {heldAtKill}; generateCredentials calls: {env.ArmRequests("POST", generate) - before}; samples: {sampler.Samples}");
    });

    /// <summary>The password every Secret holds (waiting for them to agree unless told not to); null while they differ.</summary>
    private async Task<string?> SinglePasswordAsync(Registry registry, string loginServer, int count, bool wait = true)
    {
        string? password = null;
        async Task<bool> Agree()
        {
            var secrets = await env.ManagedSecretsAsync(registry);
            var passwords = secrets.Select(s => CredentialsIn(s, loginServer).Password).Distinct(StringComparer.Ordinal).ToList();
            password = secrets.Count == count && passwords.Count == 1 ? passwords[0] : null;
            return password is not null;
        }

        if (wait)
        {
            await Eventually.TrueAsync(Agree);
        }
        else
        {
            await Agree();
        }

        return password;
    }
}
