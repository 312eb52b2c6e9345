using System.Net;
using AcrOperator.Sandbox.KubeApi;

namespace AcrOperator.Sandbox.Tests.KubeApi;

/// <summary>
/// The emulator's stand-in for kube-controller-manager's service account controller (a <c>default</c> ServiceAccount in
/// every active namespace), and its request log. Each test runs its own server, since both are about server state.
/// </summary>
public sealed class ServiceAccountControllerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_active_namespace_gets_a_default_ServiceAccount_again_after_a_deletion_but_a_terminating_one_does_not()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions(), Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        await Eventually.TrueAsync(async () => await StatusAsync(http, "api/v1/namespaces/kube-system/serviceaccounts/default") == HttpStatusCode.OK);
        await PostAsync(http, "api/v1/namespaces", """{"metadata":{"name":"team-a"}}""");
        await Eventually.TrueAsync(async () => await StatusAsync(http, "api/v1/namespaces/team-a/serviceaccounts/default") == HttpStatusCode.OK);

        using (await http.DeleteAsync("api/v1/namespaces/team-a/serviceaccounts/default", Ct))
        {
        }

        await Eventually.TrueAsync(async () => await StatusAsync(http, "api/v1/namespaces/team-a/serviceaccounts/default") == HttpStatusCode.OK);

        // A finalizer on a ConfigMap keeps the namespace terminating; its content goes, and no new account appears.
        await PostAsync(http, "api/v1/namespaces/team-a/configmaps", """{"metadata":{"name":"hold","finalizers":["test/hold"]}}""");
        using (await http.DeleteAsync("api/v1/namespaces/team-a", Ct))
        {
        }

        await Eventually.TrueAsync(async () => await StatusAsync(http, "api/v1/namespaces/team-a/serviceaccounts/default") == HttpStatusCode.NotFound);
        await Task.Delay(300, Ct);
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(http, "api/v1/namespaces/team-a/serviceaccounts/default"));
    }

    [Fact]
    public async Task The_controller_can_be_turned_off()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { CreateDefaultServiceAccounts = false }, Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        await PostAsync(http, "api/v1/namespaces", """{"metadata":{"name":"team-b"}}""");
        await Task.Delay(300, Ct);

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(http, "api/v1/namespaces/team-b/serviceaccounts/default"));
    }

    [Fact]
    public async Task The_request_log_shows_each_request_with_its_query_and_a_watch_as_it_starts()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions(), Ct);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        await PostAsync(http, "api/v1/namespaces", """{"metadata":{"name":"team-c"}}""");
        using var watchTimeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        watchTimeout.CancelAfter(TimeSpan.FromMilliseconds(300));
        try
        {
            using var watch = await http.GetAsync("api/v1/secrets?watch=true&labelSelector=app.kubernetes.io%2Fmanaged-by%3Dacr-operator", HttpCompletionOption.ResponseHeadersRead, watchTimeout.Token);
        }
        catch (OperationCanceledException) when (watchTimeout.IsCancellationRequested)
        {
        }

        var entries = server.RequestLog.Entries;
        var created = Assert.Single(entries, e => e.Method == "POST");
        Assert.Equal(("/api/v1/namespaces", 201), (created.Path, created.Status));
        var watched = Assert.Single(entries, e => e.IsWatch);
        Assert.Equal("/api/v1/secrets", watched.Path);
        Assert.Equal("app.kubernetes.io/managed-by=acr-operator", watched.Parameter("labelSelector"));
        Assert.Equal(0, watched.Status);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path, Ct);
        return response.StatusCode;
    }

    private static async Task PostAsync(HttpClient http, string path, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(path, content, Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }
}
