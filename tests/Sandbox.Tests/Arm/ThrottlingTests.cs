using System.Net;
using AcrOperator.Sandbox.Arm;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class ThrottlingTests
{
    [Fact]
    public async Task Buckets_count_down_per_subscription_then_429_with_Retry_After_until_refilled()
    {
        await using var arm = await StartAsync(new ArmThrottleOptions { ReadCapacity = 3, ReadRefillPerSecond = 0.5, WriteCapacity = 5, WriteRefillPerSecond = 1 });
        var put = await arm.SendAsync(HttpMethod.Put, V(Group(), GroupVersion), new System.Text.Json.Nodes.JsonObject { ["location"] = "westus" });
        Assert.Equal("4", put.Headers.GetValues("x-ms-ratelimit-remaining-subscription-writes").Single());
        Assert.False(put.Headers.Contains("x-ms-ratelimit-remaining-subscription-reads"));

        var remaining = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var ok = await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            remaining.Add(ok.Headers.GetValues("x-ms-ratelimit-remaining-subscription-reads").Single());
        }

        Assert.Equal(["2", "1", "0"], remaining);
        var throttled = await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), throttled.Headers.RetryAfter!.Delta);
        var error = await ErrorOf(throttled);
        Assert.Equal("SubscriptionRequestsThrottled", (string?)error["code"]);
        Assert.Contains("Please try again after '2' seconds", (string?)error["message"], StringComparison.Ordinal);

        // Another subscription has its own bucket; writes were untouched by the reads.
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Get, V(Group("rg1", "11111111-1111-1111-1111-111111111111"), GroupVersion))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Put, V(Group(), GroupVersion), new System.Text.Json.Nodes.JsonObject { ["location"] = "westus" })).StatusCode);

        arm.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion))).StatusCode);
        Assert.Equal(3, arm.Server.RequestLog.Entries.Count(e => e.Status == 429) + 1);
    }
}
