using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class ImportImageTests
{
    private static readonly string Import = V(Registry("myregistry1") + "/importImage");

    private static JsonObject FromHub(string mode = "NoForce", params string[] targetTags) => new()
    {
        ["source"] = new JsonObject { ["registryUri"] = "registry.hub.docker.com", ["sourceImage"] = "library/hello-world:linux" },
        ["targetTags"] = new JsonArray([.. targetTags.Select(t => (JsonNode)t)]),
        ["mode"] = mode,
    };

    private static async Task<ArmHarness> StartWithRegistryAsync()
    {
        var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myregistry1");
        return arm;
    }

    private static IReadOnlyDictionary<string, string> Tags(ArmHarness arm)
    {
        var runtime = arm.Server.Runtime;
        lock (runtime.Store.Gate)
        {
            var registries = runtime.Providers["Microsoft.ContainerRegistry"].Types.OfType<RegistryType>().Single();
            return ImageImport.Tags(runtime.Store.OfType(registries).Single());
        }
    }

    [Fact]
    public async Task An_import_records_its_target_tags_and_a_NoForce_import_onto_one_conflicts()
    {
        await using var arm = await StartWithRegistryAsync();

        var (first, _) = await arm.CallAsync(HttpMethod.Post, Import, FromHub("NoForce", "hello:v1", "hello"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(["hello:linux", "hello:v1"], Tags(arm).Keys.Order(StringComparer.Ordinal));

        var (again, error) = await arm.CallAsync(HttpMethod.Post, Import, FromHub("NoForce", "hello:v1"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("hello:v1", (string?)error!["error"]!["message"], StringComparison.Ordinal);

        var (forced, _) = await arm.CallAsync(HttpMethod.Post, Import, FromHub("Force", "hello:v1"));
        Assert.Equal(HttpStatusCode.OK, forced.StatusCode);
    }

    [Fact]
    public async Task Without_targets_the_source_name_is_used_and_a_digest_source_keeps_its_digest()
    {
        await using var arm = await StartWithRegistryAsync();
        var digest = "sha256:" + new string('b', 64);
        var body = new JsonObject
        {
            ["source"] = new JsonObject
            {
                ["resourceId"] = Registry("othersource", "rg2", "10000000-0000-0000-0000-000000000000"),
                ["sourceImage"] = $"team/app@{digest}",
            },
        };

        var (response, _) = await arm.CallAsync(HttpMethod.Post, Import, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(digest, Tags(arm)["team/app:latest"]);
    }

    [Fact]
    public async Task An_asynchronous_import_answers_202_with_a_Location_that_answers_200_when_done()
    {
        await using var arm = await StartWithRegistryAsync();
        arm.Server.Completion.Set("Microsoft.ContainerRegistry/registries", "POST", ArmCompletionStyle.Location);

        var (accepted, _) = await arm.CallAsync(HttpMethod.Post, Import, FromHub("NoForce", "hello:v1"));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var location = accepted.Headers.Location!;
        Assert.NotNull(accepted.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.Accepted, (await arm.SendAsync(HttpMethod.Get, location.PathAndQuery)).StatusCode);
        Assert.Empty(Tags(arm));

        arm.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await arm.SendAsync(HttpMethod.Get, location.PathAndQuery)).StatusCode);
        Assert.True(Tags(arm).ContainsKey("hello:v1"));
    }

    [Theory]
    [InlineData("""{"targetTags":["a:b"]}""")]
    [InlineData("""{"source":{"registryUri":"docker.io"}}""")]
    [InlineData("""{"source":{"sourceImage":"hello"}}""")]
    [InlineData("""{"source":{"resourceId":"/subscriptions/x/resourceGroups/y","sourceImage":"hello"}}""")]
    [InlineData("""{"source":{"registryUri":"docker.io","sourceImage":"hello"},"mode":"Sometimes"}""")]
    [InlineData("""{"source":{"registryUri":"docker.io","sourceImage":"hello"},"targetTags":["bad repo:v1"]}""")]
    [InlineData("""{"source":{"registryUri":"docker.io","sourceImage":"hello@sha256:short"}}""")]
    [InlineData("""{"source":{"registryUri":"docker.io","sourceImage":"hello","credentials":{"username":"u"}}}""")]
    public async Task An_invalid_import_is_a_bad_request_and_records_nothing(string body)
    {
        await using var arm = await StartWithRegistryAsync();

        var (response, _) = await arm.CallAsync(HttpMethod.Post, Import, JsonNode.Parse(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Tags(arm));
    }
}
