using System.Net;
using System.Security.Authentication;
using System.Text.Json.Nodes;
using static AcrOperator.Sandbox.Tests.Arm.ArmHarness;

namespace AcrOperator.Sandbox.Tests.Arm;

public sealed class ArmTransportTests
{
    [Fact]
    public async Task Client_trusting_the_emitted_CA_connects_and_default_trust_rejects_the_certificate()
    {
        await using var arm = await StartAsync();
        Assert.StartsWith("https://127.0.0.1:", arm.Server.BaseAddress.ToString(), StringComparison.Ordinal);
        Assert.Contains("BEGIN CERTIFICATE", await File.ReadAllTextAsync(arm.Server.CaCertificatePath, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        using var fromPem = AcrOperator.Sandbox.Arm.ArmServer.CreateHttpClient(arm.Server.CaCertificatePath, arm.Server.BaseAddress);
        var response = await arm.SendAsync(HttpMethod.Get, V($"/subscriptions/{Subscription}/resourcegroups", GroupVersion), client: fromPem);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        using var defaultTrust = new HttpClient { BaseAddress = arm.Server.BaseAddress };
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => defaultTrust.GetAsync(V($"subscriptions/{Subscription}/resourcegroups", GroupVersion), TestContext.Current.CancellationToken));
        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    [Fact]
    public async Task Requests_without_a_bearer_token_get_401_with_an_ARM_error_body()
    {
        await using var arm = await StartAsync();
        using var anonymous = arm.Server.CreateHttpClient(bearerToken: null);
        var missing = await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion), client: anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("AuthenticationFailed", (string?)(await ErrorOf(missing))["code"]);
        Assert.Contains("Bearer", missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var basic = arm.Server.CreateHttpClient(bearerToken: null);
        basic.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "dXNlcjpwYXNz");
        var wrongScheme = await arm.SendAsync(HttpMethod.Get, V(Group(), GroupVersion), client: basic);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongScheme.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", (string?)(await ErrorOf(wrongScheme))["code"]);
    }

    [Fact]
    public async Task Api_version_is_required_and_checked_per_resource_type()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();

        var missing = await arm.SendAsync(HttpMethod.Get, Registry("myregistry"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("MissingApiVersionParameter", (string?)(await ErrorOf(missing))["code"]);

        var unknown = await arm.SendAsync(HttpMethod.Put, V(Registry("myregistry"), "2099-01-01"), RegistryBody());
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var error = await ErrorOf(unknown);
        Assert.Equal("NoRegisteredProviderFound", (string?)error["code"]);
        Assert.Contains("for location 'westus' and API version '2099-01-01' for type 'registries'", (string?)error["message"], StringComparison.Ordinal);
        Assert.Contains("2025-11-01", (string?)error["message"], StringComparison.Ordinal);

        var malformed = await arm.SendAsync(HttpMethod.Get, V(Registry("myregistry"), "latest"));
        Assert.Equal("InvalidApiVersionParameter", (string?)(await ErrorOf(malformed))["code"]);

        // A registry version is not a resource-group version.
        var groupWithRegistryVersion = await arm.SendAsync(HttpMethod.Get, V(Group()));
        Assert.Equal(HttpStatusCode.BadRequest, groupWithRegistryVersion.StatusCode);
    }

    [Fact]
    public async Task Every_response_carries_request_ids_and_routes_are_case_insensitive()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.CreateRegistryAsync("myRegistry");
        using var request = new HttpRequestMessage(HttpMethod.Get, V($"SUBSCRIPTIONS/{Subscription}/RESOURCEGROUPS/RG1/PROVIDERS/microsoft.containerregistry/REGISTRIES/MYREGISTRY"));
        request.Headers.Add("x-ms-correlation-request-id", "corr-1");
        var response = await arm.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("corr-1", response.Headers.GetValues("x-ms-correlation-request-id").Single());
        Assert.True(Guid.TryParse(response.Headers.GetValues("x-ms-request-id").Single(), out _));

        var unknownType = await arm.SendAsync(HttpMethod.Get, V($"{Group()}/providers/Microsoft.ContainerRegistry/widgets/w1"));
        Assert.Equal(HttpStatusCode.NotFound, unknownType.StatusCode);
        Assert.Equal("InvalidResourceType", (string?)(await ErrorOf(unknownType))["code"]);
    }

    [Fact]
    public async Task Request_log_records_method_path_and_status_and_can_be_cleared_over_admin()
    {
        await using var arm = await StartAsync();
        await arm.CreateGroupAsync();
        await arm.SendAsync(HttpMethod.Get, V(Registry("nothere1")));
        var log = arm.Server.RequestLog.Entries;
        Assert.Equal(2, log.Count);
        Assert.Equal(("PUT", 201), (log[0].Method, log[0].Status));
        Assert.Equal(("GET", 404), (log[1].Method, log[1].Status));
        Assert.Equal("GET Microsoft.ContainerRegistry/registries", log[1].Operation);

        using var admin = arm.Server.CreateHttpClient(bearerToken: null);
        var listed = JsonNode.Parse(await admin.GetStringAsync("_admin/requests", TestContext.Current.CancellationToken))!;
        Assert.Equal(2, listed["value"]!.AsArray().Count);
        Assert.StartsWith(Registry("nothere1"), (string?)listed["value"]![1]!["path"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("_admin/requests", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Empty(arm.Server.RequestLog.Entries);
    }
}
