using AcrOperator.Runtime.LeaderElection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AcrOperator.Tests.Runtime.LeaderElection;

public sealed class LeaderElectionOptionsValidatorTests
{
    private static LeaderElectionOptions Valid() => new() { LeaseNamespace = "acr-system" };

    [Fact]
    public void Accepts_the_client_go_defaults()
    {
        var result = new LeaderElectionOptionsValidator().Validate(null, Valid());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    public static TheoryData<string, Action<LeaderElectionOptions>> Inconsistent => new()
    {
        { "RenewDeadline", o => o.RenewDeadline = o.LeaseDuration },
        { "RenewDeadline", o => o.RenewDeadline = TimeSpan.FromSeconds(20) },
        { "RenewDeadline", o => o.RetryPeriod = o.RenewDeadline },
        { "jitter", o => o.RetryPeriod = TimeSpan.FromSeconds(9) },
        { "RetryPeriod must be positive", o => o.RetryPeriod = TimeSpan.Zero },
        { "LeaseDuration", o => o.LeaseDuration = TimeSpan.FromSeconds(15.5) },
        { "LeaseDuration", o => o.LeaseDuration = TimeSpan.FromMilliseconds(500) },
        { "LeaseName", o => o.LeaseName = "" },
        { "LeaseNamespace", o => o.LeaseNamespace = " " },
        { "Identity", o => o.Identity = "" },
    };

    [Theory]
    [MemberData(nameof(Inconsistent))]
    public void Rejects_inconsistent_settings(string expected, Action<LeaderElectionOptions> change)
    {
        var options = Valid();
        change(options);

        var result = new LeaderElectionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_elector_refuses_settings_that_allow_two_leaders()
    {
        var options = Valid();
        options.RenewDeadline = options.LeaseDuration;

        Assert.Throws<OptionsValidationException>(() => new LeaderElector(
            new InMemoryLeaseClient(), Options.Create(options), new FakeTimeProvider(), NullLogger<LeaderElector>.Instance));
    }
}
