using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;

namespace AcrOperator.Azure;

/// <summary><c>registries/scopeMaps</c>, <c>registries/tokens</c> and <c>generateCredentials</c> at the registry API version.</summary>
public sealed class ArmTokenClient : IArmTokenClient
{
    private readonly ArmClient _arm;

    internal ArmTokenClient(ArmClient arm) => _arm = arm;

    public async Task<ArmScopeMap?> GetScopeMapAsync(ArmRegistryId registry, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var response = await _arm.SendAsync(RequestMethod.Get, _arm.Url(ScopeMapId(registry, name), ArmRegistryClient.ApiVersion), null, "scopeMaps.get", cancellationToken);
        if (response.Status == 404)
        {
            return null;
        }

        return response.IsError ? throw _arm.Failure(response, "scopeMaps.get") : ReadScopeMap(response.Content);
    }

    public async Task<ArmToken?> GetTokenAsync(ArmRegistryId registry, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(name);
        using var response = await _arm.SendAsync(RequestMethod.Get, _arm.Url(TokenId(registry, name), ArmRegistryClient.ApiVersion), null, "tokens.get", cancellationToken);
        if (response.Status == 404)
        {
            return null;
        }

        return response.IsError ? throw _arm.Failure(response, "tokens.get") : ReadToken(response.Content);
    }

    public async Task<ArmPollResult<ArmToken>> BeginCreateTokenAsync(ArmRegistryId registry, string name, string scopeMapId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(scopeMapId);
        var id = TokenId(registry, name);
        var body = BinaryData.FromString(new JsonObject
        {
            ["properties"] = new JsonObject { ["scopeMapId"] = scopeMapId, ["status"] = "enabled" },
        }.ToJsonString());
        using var response = await _arm.SendAsync(RequestMethod.Put, _arm.Url(id, ArmRegistryClient.ApiVersion), body, "tokens.create", cancellationToken);
        return Map(_arm.Start(response, "PUT", id, "tokens.create"));
    }

    public async Task<ArmPollResult<ArmToken>> BeginDeleteTokenAsync(ArmRegistryId registry, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var id = TokenId(registry, name);
        using var response = await _arm.SendAsync(RequestMethod.Delete, _arm.Url(id, ArmRegistryClient.ApiVersion), null, "tokens.delete", cancellationToken);
        if (response.Status == 404)
        {
            return new ArmPollResult<ArmToken> { State = ArmOperationState.Succeeded };
        }

        return Map(_arm.Start(response, "DELETE", id, "tokens.delete")) with { Resource = null };
    }

    public async Task<ArmRegistryCredentials> GenerateCredentialsAsync(ArmRegistryId registry, string tokenId, string passwordName, DateTimeOffset? expiry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        ArgumentException.ThrowIfNullOrEmpty(passwordName);
        var request = new JsonObject { ["tokenId"] = tokenId, ["name"] = passwordName };
        if (expiry is { } at)
        {
            request["expiry"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        using var response = await _arm.SendAsync(RequestMethod.Post, _arm.Url(registry.ResourceId + "/generateCredentials", ArmRegistryClient.ApiVersion), BinaryData.FromString(request.ToJsonString()), "registries.generateCredentials", cancellationToken);
        if (response.IsError)
        {
            throw _arm.Failure(response, "registries.generateCredentials");
        }

        // ACR answers 200 with the values (recorded live); a 202 would hand them out only through its Location,
        // which this client does not follow, so it is reported rather than mistaken for an empty result.
        if (response.Status != 200)
        {
            throw new ArmRequestException(new ArmError(ArmErrorKind.Transient, "UnexpectedStatus", $"generateCredentials answered {response.Status.ToString(CultureInfo.InvariantCulture)} instead of 200 with the new password.", response.Status));
        }

        return ArmRegistryJson.ReadCredentials(response.Content);
    }

    private static string ScopeMapId(ArmRegistryId registry, string name) => $"{registry.ResourceId}/scopeMaps/{name}";

    private static string TokenId(ArmRegistryId registry, string name) => $"{registry.ResourceId}/tokens/{name}";

    private static ArmScopeMap ReadScopeMap(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        var root = document.RootElement;
        var properties = ArmRegistryJson.Object(root, "properties");
        return new ArmScopeMap(
            ArmRegistryJson.Text(root, "id") ?? "",
            ArmRegistryJson.Text(root, "name") ?? "",
            [.. ArmRegistryJson.Array(properties, "actions").Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!)]);
    }

    private static ArmToken ReadToken(BinaryData content)
    {
        using var document = JsonDocument.Parse(content.ToMemory());
        var root = document.RootElement;
        var properties = ArmRegistryJson.Object(root, "properties");
        return new ArmToken
        {
            Id = ArmRegistryJson.Text(root, "id") ?? "",
            Name = ArmRegistryJson.Text(root, "name") ?? "",
            ScopeMapId = ArmRegistryJson.Text(properties, "scopeMapId"),
            Status = ArmRegistryJson.Text(properties, "status"),
            ProvisioningState = ArmRegistryJson.Text(properties, "provisioningState"),
            Passwords =
            [
                .. ArmRegistryJson.Array(ArmRegistryJson.Object(properties, "credentials"), "passwords")
                    .Select(p => new ArmTokenPasswordInfo(ArmRegistryJson.Text(p, "name") ?? "", ArmRegistryJson.Date(p, "creationTime"), ArmRegistryJson.Date(p, "expiry"))),
            ],
        };
    }

    private static ArmPollResult<ArmToken> Map(ArmPollResult<BinaryData> result) => new()
    {
        State = result.State,
        Operation = result.Operation,
        RetryAfter = result.RetryAfter,
        Error = result.Error,
        Resource = result.Resource is { } body ? ReadToken(body) : null,
    };
}
