using AcrOperator.Controllers;
using AcrOperator.Sandbox.Arm.Faults;
using AcrOperator.Tests.TestSupport;
using k8s;

namespace AcrOperator.Tests.Integration;

/// <summary>
/// A 429 storm from ARM against the operator process. Its own operator and emulators, because the storm hits every
/// ARM request; and a long resync, so that after Ready the operator has no reason to call ARM at all.
/// </summary>
public sealed class ArmThrottlingEndToEndTests
{
    // Four 429s: the first three are waited out inside one ARM call, the fourth reaches the reconciler, which requeues.
    private const int Throttles = 4;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_429_storm_ends_Ready_with_every_Retry_After_honoured_and_a_bounded_number_of_requests()
    {
        await using var env = await OperatorOnEmulators.StartAsync(resyncInterval: TimeSpan.FromMinutes(10), operationDuration: TimeSpan.FromSeconds(1));
        var registry = await env.NewRegistryInOwnGroupAsync("throttled");
        var path = OperatorOnEmulators.ArmPath(registry);

        await env.ExplainFailuresAsync(async () =>
        {
            // From here on only the operator talks to ARM: the log is its requests.
            var mark = env.Arm.RequestLog.Mark();
            env.Arm.Faults.Add(new ArmFault { Kind = ArmFaultKind.Throttle, RetryAfterSeconds = (int)RetryAfter.TotalSeconds, Count = Throttles });
            await env.ApplyAndWaitReadyAsync(registry);
            // An error loop would go on after Ready; give it the time of one Retry-After to show itself.
            await Task.Delay(RetryAfter, Ct);

            var requests = env.Arm.RequestLog.Since(mark);
            Assert.Equal(Throttles, requests.Count(e => e.Status == 429));
            for (var i = 0; i < requests.Count - 1; i++)
            {
                if (requests[i].Status == 429)
                {
                    var gap = requests[i + 1].Time - requests[i].Time;
                    Assert.True(gap >= RetryAfter, $"request {i + 1} came {gap.TotalMilliseconds:F0} ms after a 429 that asked for {RetryAfter.TotalSeconds} s:\n{requests.Describe()}");
                }
            }

            // Besides the 429s: the read that found nothing, the create, its final read, and the polls between. A third
            // read is allowed: a pass that starts on a cache that has not yet seen the previous pass's status write
            // (status.operation) reads the registry instead of polling, as any informer-fed controller may.
            var registryRequests = requests.For(path).Where(e => e.Status != 429).ToList();
            Assert.Equal(1, registryRequests.Count("PUT"));
            Assert.InRange(registryRequests.Count("GET"), 2, 3);
            Assert.InRange(requests.Within(path).Count(e => e.Path.Contains("/operationStatuses/", StringComparison.OrdinalIgnoreCase)), 1, 3);
            Assert.Equal(requests.Count, requests.Within(path).Count());

            // One Warning for the whole storm, not one per retry.
            var events = await env.Cluster.Kubernetes.CoreV1.ListNamespacedEventAsync(OperatorOnEmulators.Namespace, cancellationToken: Ct);
            var throttled = Assert.Single(events.Items, e => e.Reason == AzureConditions.Throttled);
            Assert.Equal(1, throttled.Count ?? 1);
        });
    }
}
