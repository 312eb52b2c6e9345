using AcrOperator.Api.V1Alpha1;
using AcrOperator.Controllers.PullSecrets;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace AcrOperator.Tests.Controllers;

/// <summary>The pull-secret controller's pure parts: selection, the stored credential, write expectations.</summary>
public sealed class PullSecretPiecesTests
{
    private static readonly string[] Trusted = ["acr-operator-system"];

    [Fact]
    public void Without_a_selector_only_the_own_namespace_is_served_and_the_opt_out_label_wins_even_there()
    {
        var rule = SelectionRule.For(Registry("team-a", selector: null), Trusted);

        Assert.Null(rule.Refusal);
        Assert.True(rule.Includes("team-a", null));
        Assert.False(rule.Includes("team-b", null));
        Assert.False(rule.Includes("team-a", new Dictionary<string, string> { [LabelNames.PullSecrets] = LabelNames.PullSecretsDisabled }));
    }

    [Fact]
    public void A_selector_works_only_from_a_trusted_namespace_and_the_refusal_says_so()
    {
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["pull"] = "yes" } };
        var labelled = new Dictionary<string, string> { ["pull"] = "yes" };

        var trusted = SelectionRule.For(Registry("acr-operator-system", selector), Trusted);
        Assert.True(trusted.Includes("team-b", labelled));
        Assert.False(trusted.Includes("team-b", null));
        Assert.False(trusted.Serves(new V1ObjectMeta { Name = "team-b", Labels = labelled, DeletionTimestamp = DateTime.UtcNow }));

        var untrusted = SelectionRule.For(Registry("team-a", selector), Trusted);
        Assert.Equal(PullSecretConditions.NamespaceNotTrusted, untrusted.RefusalReason);
        Assert.Contains("acr-operator-system", untrusted.Refusal, StringComparison.Ordinal);
        Assert.False(untrusted.Includes("team-b", labelled));
        Assert.True(untrusted.Includes("team-a", null));
    }

    [Fact]
    public void A_malformed_selector_is_refused_rather_than_matching_everything()
    {
        var selector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "pull", OperatorProperty = "In" }] };

        var rule = SelectionRule.For(Registry("acr-operator-system", selector), Trusted);

        Assert.Equal(PullSecretConditions.InvalidSelector, rule.RefusalReason);
        Assert.False(rule.Includes("team-b", new Dictionary<string, string> { ["pull"] = "yes" }));
    }

    [Fact]
    public void The_stored_credential_round_trips_renews_after_its_fraction_and_never_shows_the_password()
    {
        var issued = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var credential = new PullCredential
        {
            Mode = PullSecretCredential.Token,
            LoginServer = "contoso.azurecr.io",
            Username = "k8s-pull-uid",
            Password = "s3cret-value",
            Slot = "password2",
            IssuedAt = issued,
            ExpiresAt = issued.AddDays(30),
            RotationRequest = "r1",
        };

        var read = PullCredential.FromSecretData(credential.ToSecretData());

        Assert.Equal(credential, read);
        Assert.Equal(issued.AddDays(15), credential.RenewAt(0.5));
        Assert.Equal("Token/password2", credential.Label);
        Assert.DoesNotContain("s3cret", credential.ToString(), StringComparison.Ordinal);
        Assert.Null(PullCredential.FromSecretData(new Dictionary<string, byte[]> { ["mode"] = "Token"u8.ToArray() }));
        Assert.Null((credential with { ExpiresAt = null }).RenewAt(0.5));
    }

    [Fact]
    public void A_write_is_expected_until_the_cache_shows_that_version_and_lapses_after_the_timeout()
    {
        var time = new FakeTimeProvider();
        var expectations = new WriteExpectations<string>(time, TimeSpan.FromSeconds(30));
        var key = new ObjectKey("team-a", "pull");
        expectations.ExpectWritten(key, "12", "written");

        Assert.False(expectations.Observe(Change(ResourceEventType.Updated, "11")), "an older version is not the write");
        Assert.True(expectations.TryGetPending(key, out var pending));
        Assert.Equal(("12", "written"), (pending.ResourceVersion, pending.State));
        Assert.True(expectations.Observe(Change(ResourceEventType.Updated, "12")));
        Assert.False(expectations.TryGetPending(key, out _));

        expectations.ExpectDeleted(key);
        Assert.False(expectations.Observe(Change(ResourceEventType.Updated, "13")));
        Assert.True(expectations.Observe(Change(ResourceEventType.Deleted, "13")));

        expectations.ExpectWritten(key, "20", "never confirmed");
        time.Advance(TimeSpan.FromSeconds(31));
        Assert.False(expectations.TryGetPending(key, out _));
    }

    private static ResourceEvent<V1Secret> Change(ResourceEventType type, string resourceVersion) =>
        new(type, new V1Secret { Metadata = new V1ObjectMeta { Name = "pull", NamespaceProperty = "team-a", ResourceVersion = resourceVersion } });

    private static Registry Registry(string @namespace, V1LabelSelector? selector) => new()
    {
        Metadata = new V1ObjectMeta { Name = "platform", NamespaceProperty = @namespace, Uid = "uid-1" },
        Spec = new RegistrySpec { ResourceGroup = "rg", Location = "westeurope", PullSecret = new PullSecretSpec { Namespaces = selector } },
    };
}
