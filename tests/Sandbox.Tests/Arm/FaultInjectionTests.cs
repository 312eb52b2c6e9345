using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Faults;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class FaultInjectionTests
{
    [Fact]
    public async Task A_script_fails_exactly_the_next_N_matching_requests()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        arm.Server.Faults.Add(new ArmFault { Method = "GET", ResourceType = "Microsoft.ContainerRegistry/registries", Kind = ArmFaultKind.Error, Status = 503, RetryAfterSeconds = 7, Count = 2 });

        // A group read does not match the rule and leaves the script alone.
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion))).StatusCode);
        var first = await arm.SendAsync(HttpMethod.Get, V(Registry("myregistry1")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter!.Delta);
        Assert.Equal("ServiceUnavailable", (string?)(await ErrorOf(first))["code"]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await arm.SendAsync(HttpMethod.Get, V(Registry("myregistry1")))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Get, V(Registry("myregistry1")))).StatusCode);
        Assert.Empty(arm.Server.Faults.Rules);
    }

    [Fact]
    public async Task A_rate_fails_the_requests_a_seeded_random_picks()
    {
        const int seed = 42;
        const double rate = 0.3;
        await using var arm = await StartAsync(faultSeed: seed);
        await arm.CreateGroupAsync();
        arm.Server.Faults.Add(new ArmFault { ResourceType = "Microsoft.Resources/resourceGroups", Method = "GET", Kind = ArmFaultKind.Throttle, Rate = rate });

        var expected = new Random(seed);
        for (var i = 0; i < 20; i++)
        {
            var response = await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion));
            var shouldFail = expected.NextDouble() < rate;
            Assert.Equal(shouldFail ? HttpStatusCode.TooManyRequests : HttpStatusCode.OK, response.StatusCode);
            if (shouldFail)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        var failures = arm.Server.RequestLog.Entries.Count(e => e.Status == 429);
        Assert.InRange(failures, 1, 19);
    }

    [Fact]
    public async Task Dropped_connections_latency_and_500s_per_operation_through_the_admin_endpoint()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1", adminUserEnabled: true);
        using var admin = arm.Server.CreateHttpClient(bearerToken: null);
        var rules = """
            {"value":[
              {"method":"POST","resourceType":"Microsoft.ContainerRegistry/registries","action":"listCredentials","kind":"drop","count":1},
              {"method":"GET","resourceType":"Microsoft.ContainerRegistry/registries","kind":"latency","latencyMs":300,"count":1},
              {"method":"DELETE","kind":"error","status":500,"count":1}
            ]}
            """;
        var put = await admin.PutAsync("_admin/faults", new StringContent(rules, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(3, JsonNode.Parse(await admin.GetStringAsync("_admin/faults", TestContext.Current.CancellationToken))!["value"]!.AsArray().Count);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => arm.SendAsync(HttpMethod.Post, V(Registry("myregistry1") + "/listCredentials")));
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Post, V(Registry("myregistry1") + "/listCredentials"))).StatusCode);

        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Get, V(Registry("myregistry1")))).StatusCode);
        Assert.True(watch.ElapsedMilliseconds >= 280, $"took {watch.ElapsedMilliseconds} ms");

        var failed = await arm.SendAsync(HttpMethod.Delete, V(Registry("myregistry1")));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("InternalServerError", (string?)(await ErrorOf(failed))["code"]);
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Delete, V(Registry("myregistry1")))).StatusCode);

        var log = arm.Server.RequestLog.Entries;
        Assert.Contains(log, e => e.Status == 0 && e.Operation == "POST Microsoft.ContainerRegistry/registries/listCredentials");

        var added = await admin.PostAsync("_admin/faults", new StringContent("""{"kind":"throttle","rate":1}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (string)JsonNode.Parse(await added.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["id"]!;
        Assert.Equal(HttpStatusCode.TooManyRequests, (await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"_admin/faults/{id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion))).StatusCode);
        var invalid = await admin.PostAsync("_admin/faults", new StringContent("""{"kind":"error","rate":2}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }
}
