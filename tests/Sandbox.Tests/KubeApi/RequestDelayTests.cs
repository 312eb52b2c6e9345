using System.Net;
using System.Text;
using AcrOperator.Sandbox.KubeApi;
using Microsoft.Extensions.Time.Testing;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>The emulator's request-delay knob: matching requests wait on the server's clock, others do not.</summary>
public sealed class RequestDelayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Matching_requests_wait_for_the_delay_and_others_are_answered_at_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-28T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { TimeProvider = clock, CreateDefaultServiceAccounts = false }, Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        server.DelayRequests((method, path) => method == "POST" && path.EndsWith("/configmaps", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        var held = PostAsync(http, "api/v1/namespaces/default/configmaps", """{"metadata":{"name":"held"}}""");
        using (var read = await http.GetAsync("api/v1/namespaces/default/configmaps", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }

        Assert.False(held.IsCompleted, "the matching POST was answered before the server's clock moved");
        await Eventually.TrueAsync(() =>
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            return Task.FromResult(held.IsCompleted);
        });
        Assert.Equal(HttpStatusCode.Created, await held);

        server.ClearRequestDelay();
        Assert.Equal(HttpStatusCode.Created, await PostAsync(http, "api/v1/namespaces/default/configmaps", """{"metadata":{"name":"free"}}"""));
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient http, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content, Ct);
        return response.StatusCode;
    }
}
