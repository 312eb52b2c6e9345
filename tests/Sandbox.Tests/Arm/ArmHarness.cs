using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm;
using Microsoft.Extensions.Time.Testing;

namespace AcrOperator.Sandbox.Tests.Arm;

/// <summary>An emulator on fake time and a client that trusts exactly its CA, with URL and body helpers.</summary>
internal sealed class ArmHarness : IAsyncDisposable
{
    public const string Subscription = "00000000-0000-0000-0000-000000000000";
    public const string RegistryVersion = "2025-11-01";
    public const string GroupVersion = "2021-04-01";
    public const string TaskVersion = "2025-03-01-preview";

    private ArmHarness(ArmServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
        Client = server.CreateHttpClient();
    }

    public ArmServer Server { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Client { get; }

    public static async Task<ArmHarness> StartAsync(ArmThrottleOptions? throttling = null, int? faultSeed = null, int pageSize = 100)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await ArmServer.StartAsync(
            new ArmServerOptions { TimeProvider = time, Throttling = throttling ?? new ArmThrottleOptions(), FaultSeed = faultSeed, PageSize = pageSize, OperationDuration = TimeSpan.FromSeconds(10) },
            TestContext.Current.CancellationToken);
        return new ArmHarness(server, time);
    }

    public static string Group(string group = "rg1", string subscription = Subscription) => $"/subscriptions/{subscription}/resourceGroups/{group}";

    public static string Registry(string name, string group = "rg1", string subscription = Subscription) =>
        $"{Group(group, subscription)}/providers/Microsoft.ContainerRegistry/registries/{name}";

    public static string V(string path, string version = RegistryVersion) => $"{path}?api-version={version}";

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, JsonNode? body = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return await (client ?? Client).SendAsync(request, TestContext.Current.CancellationToken);
    }

    public async Task<(HttpResponseMessage Response, JsonNode? Body)> CallAsync(HttpMethod method, string pathAndQuery, JsonNode? body = null)
    {
        var response = await SendAsync(method, pathAndQuery, body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response, string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text));
    }

    public async Task CreateGroupAsync(string group = "rg1", string subscription = Subscription)
    {
        var (response, _) = await CallAsync(HttpMethod.Put, V(Group(group, subscription), GroupVersion), new JsonObject { ["location"] = "westus" });
        Assert.True(response.IsSuccessStatusCode, $"creating group {group}: {(int)response.StatusCode}");
    }

    public async Task<JsonObject> CreateRegistryAsync(string name, string sku = "Standard", bool adminUserEnabled = false, string group = "rg1", string subscription = Subscription)
    {
        var (response, body) = await CallAsync(HttpMethod.Put, V(Registry(name, group, subscription)), RegistryBody(sku, adminUserEnabled));
        Assert.True(response.IsSuccessStatusCode, $"creating registry {name}: {(int)response.StatusCode} {body?.ToJsonString()}");
        return body!.AsObject();
    }

    public static JsonObject RegistryBody(string sku = "Standard", bool adminUserEnabled = false) => new()
    {
        ["location"] = "westus",
        ["tags"] = new JsonObject { ["key"] = "value" },
        ["sku"] = new JsonObject { ["name"] = sku },
        ["properties"] = new JsonObject { ["adminUserEnabled"] = adminUserEnabled },
    };

    public static async Task<JsonObject> ErrorOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["error"]!.AsObject();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
