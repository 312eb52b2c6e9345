using System.Net;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class WebhookTests
{
    private static string Webhook(string name, string registry = "myregistry1") => $"{Registry(registry)}/webhooks/{name}";

    private static JsonObject CreateBody() => JsonNode.Parse("""
        {"location":"westus","tags":{"key":"value"},"properties":{"serviceUri":"https://hooks.example.com/acr?sig=secret1","customHeaders":{"Authorization":"Bearer s3cret"},"status":"enabled","scope":"myRepository","actions":["push"]}}
        """)!.AsObject();

    [Fact]
    public async Task ServiceUri_and_custom_headers_are_never_returned_except_by_getCallbackConfig()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        var (created, put) = await arm.CallAsync(HttpMethod.Put, V(Webhook("myWebhook")), CreateBody());
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var (_, got) = await arm.CallAsync(HttpMethod.Get, V(Webhook("myWebhook")));
        var (_, list) = await arm.CallAsync(HttpMethod.Get, V($"{Registry("myregistry1")}/webhooks"));
        var (_, patched) = await arm.CallAsync(HttpMethod.Patch, V(Webhook("myWebhook")), JsonNode.Parse("""{"properties":{"customHeaders":{"X-Key":"other"},"actions":["PUSH","delete"]}}"""));
        foreach (var body in new[] { put, got, list, patched })
        {
            var text = body!.ToJsonString();
            Assert.DoesNotContain("serviceUri", text, StringComparison.Ordinal);
            Assert.DoesNotContain("customHeaders", text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret1", text, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", text, StringComparison.Ordinal);
        }

        Assert.Equal("myRepository", (string?)got!["properties"]!["scope"]);
        Assert.Equal(["push", "delete"], patched!["properties"]!["actions"]!.AsArray().Select(a => (string)a!));

        var (config, callback) = await arm.CallAsync(HttpMethod.Post, V(Webhook("myWebhook") + "/getCallbackConfig"));
        Assert.Equal(HttpStatusCode.OK, config.StatusCode);
        Assert.Equal("https://hooks.example.com/acr?sig=secret1", (string?)callback!["serviceUri"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"X-Key":"other"}"""), callback["customHeaders"]));
    }

    [Fact]
    public async Task Create_validates_serviceUri_actions_status_and_location()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");

        async Task<string?> Rejected(Action<JsonObject> change)
        {
            var body = CreateBody();
            change(body);
            var response = await arm.SendAsync(HttpMethod.Put, V(Webhook("myWebhook")), body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var error = await ErrorOf(response);
            return $"{error["code"]}:{error["target"]}";
        }

        Assert.Equal("InvalidRequestContent:properties.serviceUri", await Rejected(b => b["properties"]!.AsObject().Remove("serviceUri")));
        Assert.Equal("InvalidRequestContent:properties.serviceUri", await Rejected(b => b["properties"]!["serviceUri"] = "not a uri"));
        Assert.Equal("InvalidRequestContent:properties.actions", await Rejected(b => b["properties"]!["actions"] = new JsonArray("pull")));
        Assert.Equal("InvalidRequestContent:properties.actions", await Rejected(b => b["properties"]!.AsObject().Remove("actions")));
        Assert.Equal("InvalidRequestContent:properties.status", await Rejected(b => b["properties"]!["status"] = "on"));
        Assert.Equal("LocationRequired:location", await Rejected(b => b.Remove("location")));
        Assert.Equal("InvalidResourceName:name", (await ErrorOf(await arm.SendAsync(HttpMethod.Put, V(Webhook("my-hook")), CreateBody())))["code"] + ":name");
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Get, V(Webhook("myWebhook")))).StatusCode);
    }

    [Fact]
    public async Task Ping_records_an_event_that_listEvents_pages_through_and_delete_removes_the_webhook()
    {
        await using var arm = await StartAsync(pageSize: 2);
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        await arm.CallAsync(HttpMethod.Put, V(Webhook("myWebhook")), CreateBody());
        var (_, empty) = await arm.CallAsync(HttpMethod.Post, V(Webhook("myWebhook") + "/listEvents"));
        Assert.Empty(empty!["value"]!.AsArray());

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (pinged, info) = await arm.CallAsync(HttpMethod.Post, V(Webhook("myWebhook") + "/ping"));
            Assert.Equal(HttpStatusCode.OK, pinged.StatusCode);
            ids.Add((string)info!["id"]!);
        }

        var (_, page1) = await arm.CallAsync(HttpMethod.Post, V(Webhook("myWebhook") + "/listEvents"));
        Assert.Equal(2, page1!["value"]!.AsArray().Count);
        var latest = page1["value"]![0]!;
        Assert.Equal(ids[2], (string?)latest["id"]);
        Assert.Equal("ping", (string?)latest["eventRequestMessage"]!["content"]!["action"]);
        Assert.Equal("myregistry1.azurecr.io", (string?)latest["eventRequestMessage"]!["content"]!["request"]!["host"]);
        Assert.Equal("******", (string?)latest["eventRequestMessage"]!["headers"]!["Authorization"]);
        var (_, page2) = await arm.CallAsync(HttpMethod.Post, new Uri((string)page1["nextLink"]!).PathAndQuery);
        Assert.Equal(ids[0], (string?)Assert.Single(page2!["value"]!.AsArray())!["id"]);
        Assert.Null(page2["nextLink"]);

        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Delete, V(Webhook("myWebhook")))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await arm.SendAsync(HttpMethod.Post, V(Webhook("myWebhook") + "/ping"))).StatusCode);
    }
}
