using Microsoft.Extensions.Options;

namespace AcrOperator.Runtime.LeaderElection;

/// <summary>
/// Rejects settings that would let two replicas lead at once, with client-go's rules: the leader must give
/// up (RenewDeadline) before others may take over (LeaseDuration), and at least one jittered retry must fit
/// in the renew deadline.
/// </summary>
public sealed class LeaderElectionOptionsValidator : IValidateOptions<LeaderElectionOptions>
{
    public ValidateOptionsResult Validate(string? name, LeaderElectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];

        if (string.IsNullOrWhiteSpace(options.LeaseName))
        {
            failures.Add("LeaseName must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.LeaseNamespace))
        {
            failures.Add("LeaseNamespace must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(options.Identity))
        {
            failures.Add("Identity must not be empty.");
        }

        // The Lease stores whole seconds; a fraction would be rounded away and shorten the lease others see.
        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            failures.Add($"LeaseDuration must be a whole number of seconds, at least 1s (was {options.LeaseDuration}).");
        }

        if (options.RetryPeriod <= TimeSpan.Zero)
        {
            failures.Add($"RetryPeriod must be positive (was {options.RetryPeriod}).");
        }

        if (options.RenewDeadline >= options.LeaseDuration)
        {
            failures.Add($"RenewDeadline ({options.RenewDeadline}) must be less than LeaseDuration ({options.LeaseDuration}).");
        }

        if (options.RenewDeadline <= options.RetryPeriod * LeaderElector.JitterFactor)
        {
            failures.Add(
                $"RenewDeadline ({options.RenewDeadline}) must be greater than RetryPeriod ({options.RetryPeriod}) " +
                $"times the jitter factor {LeaderElector.JitterFactor}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
