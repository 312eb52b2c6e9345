using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AcrOperator.Azure;

/// <summary>The per-subscription limiters, one per subscription for the whole process (all identities, all controllers).</summary>
public sealed class ArmRateLimiters(IOptions<AzureOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ArmRateLimiter> _limiters = new(StringComparer.OrdinalIgnoreCase);

    public ArmRateLimiter For(string subscriptionId) =>
        _limiters.GetOrAdd(subscriptionId, id => new ArmRateLimiter(id, options.Value.RateLimit, time));

    public IReadOnlyList<ArmRateLimiterSnapshot> Snapshot() => [.. _limiters.Values.Select(l => l.Snapshot())];
}
