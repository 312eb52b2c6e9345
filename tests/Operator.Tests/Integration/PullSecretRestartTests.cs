using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers.PullSecrets;
using k8s.Models;
using static AcrOperator.Tests.Integration.PullSecretEnvironment;

namespace AcrOperator.Tests.Integration;

/// <summary>The operator killed in the middle of a rotation and started again: its own environment, since it stops the operator.</summary>
[Collection(PullSecretProcesses.Name)]
public sealed class PullSecretRestartTests(PullSecretEnvironment env) : IClassFixture<PullSecretEnvironment>
{
    private const int Namespaces = 40;

    /// <summary>One write at a time, so the fan-out is a sequence the kill can cut.</summary>
    private static readonly Dictionary<string, string> SlowFanOut = new() { ["Operator__PullSecrets__MaxConcurrentWrites"] = "1" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public Task An_operator_killed_mid_rotation_resumes_with_one_token_and_never_a_refused_password() => env.RunAsync(async () =>
    {
        env.StopOperator();
        env.StartOperator(SlowFanOut);
        var labels = new Dictionary<string, string> { ["pull-test"] = "restart" };
        foreach (var i in Enumerable.Range(0, Namespaces))
        {
            await env.CreateNamespaceAsync($"restart-{i}", labels);
        }

        await env.CreateRegistryAsync(OperatorNamespace, "restart", new PullSecretSpec { Namespaces = new V1LabelSelector { MatchLabels = labels } });
        Registry? registry = null;
        await Eventually.TrueAsync(async () => (registry = await env.ReadRegistryAsync(OperatorNamespace, "restart"))?.Status.PullSecret?.NamespacesServed == Namespaces, timeoutSeconds: 60);
        var loginServer = registry!.Status.LoginServer!;
        var previous = (await PasswordsAsync(registry, loginServer)).Distinct(StringComparer.Ordinal).Single();

        using var sampler = new CredentialSampler(env, registry, loginServer);
        var sampling = sampler.RunAsync(Ct);

        // Each Secret write held for a moment, so a fan-out lasts seconds and the kill lands half way (without it the
        // 40 writes finish in well under the time one poll of the Secrets takes).
        env.Cluster.Server.DelayRequests((method, path) => method != "GET" && path.Contains("/secrets", StringComparison.Ordinal), TimeSpan.FromMilliseconds(100));
        var caughtHalfway = false;
        for (var attempt = 1; attempt <= 5 && !caughtHalfway; attempt++)
        {
            await env.PatchRegistryAsync(OperatorNamespace, "restart", new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [AnnotationNames.RotateRequestedAt] = $"attempt-{attempt}" } } });

            // Kill it as soon as some Secrets hold the new password and some the old one.
            IReadOnlyList<string> held = [];
            await Eventually.TrueAsync(async () => (held = await PasswordsAsync(registry, loginServer)).Any(p => p != previous), timeoutSeconds: 40);
            env.StopOperator();
            held = await PasswordsAsync(registry, loginServer);
            caughtHalfway = held.Distinct(StringComparer.Ordinal).Count() == 2;
            env.StartOperator(SlowFanOut);

            string? settled = null;
            await Eventually.TrueAsync(async () => await PasswordsAsync(registry, loginServer) is { Count: Namespaces } all && all.Distinct(StringComparer.Ordinal).Count() == 1 && (settled = all[0]) != previous, timeoutSeconds: 60);
            TestContext.Current.TestOutputHelper?.WriteLine($"attempt {attempt}: {held.Count(p => p != previous)} of {Namespaces} Secrets held the new password when the operator was killed");
            previous = settled!;
        }

        env.Cluster.Server.ClearRequestDelay();
        await sampler.StopAsync(sampling);
        Assert.True(caughtHalfway, "in five rotations the operator was never killed with the fan-out half done; the test proved nothing");
        Assert.True(sampler.Failures.IsEmpty, $"{sampler.Failures.Count} of {sampler.Samples} samples held a refused password: {string.Join("; ", sampler.Failures.Take(5))}");
        using var arm = env.Arm.CreateHttpClient();
        var tokens = JsonNode.Parse(await arm.GetStringAsync($"{RegistryPath(registry)}/tokens?api-version=2025-11-01", Ct))!["value"]!.AsArray();
        Assert.Equal([PullSecretResources.TokenName(registry.Metadata.Uid)], tokens.Select(t => (string?)t!["name"]));
        Assert.Equal(1, env.ArmRequests("PUT", RegistryPath(registry) + "/tokens/"));
        Assert.True(env.Arm.CheckCredentials(loginServer, PullSecretResources.TokenName(registry.Metadata.Uid), previous));
    });

    /// <summary>The password in each of the Registry's Secrets (as many entries as Secrets).</summary>
    private async Task<IReadOnlyList<string>> PasswordsAsync(Registry registry, string loginServer) =>
        [.. (await env.ManagedSecretsAsync(registry)).Select(s => CredentialsIn(s, loginServer).Password)];
}
