using System.Text.Json.Nodes;
using Azure.Core;

namespace AcrOperator.Azure;

/// <summary><c>Microsoft.ContainerRegistry/registries</c> at the newest stable API version, over one identity's pipeline.</summary>
public sealed class ArmRegistryClient : IArmRegistryClient
{
    public const string ApiVersion = "2025-11-01";

    private readonly ArmClient _arm;

    internal ArmRegistryClient(ArmClient arm)
    {
        _arm = arm;
        Replications = new ArmRegistryChildClient<ArmReplication, ArmReplicationDefinition, ArmReplicationUpdate>(
            arm, ArmRegistryChildId.Replications, ArmReplicationJson.Read, ArmReplicationJson.WriteCreate, ArmReplicationJson.WriteUpdate);
        Webhooks = new ArmWebhookClient(arm);
        Tasks = new ArmTaskClient(arm);
    }

    public IArmRegistryChildClient<ArmReplication, ArmReplicationDefinition, ArmReplicationUpdate> Replications { get; }

    public IArmWebhookClient Webhooks { get; }

    public IArmTaskClient Tasks { get; }

    public async Task<ArmRegistry?> GetAsync(ArmRegistryId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var response = await _arm.SendAsync(RequestMethod.Get, _arm.Url(id.ResourceId, ApiVersion), null, "registries.get", cancellationToken);
        if (response.Status == 404)
        {
            return null;
        }

        return response.IsError ? throw _arm.Failure(response, "registries.get") : ArmRegistryJson.Read(response.Content);
    }

    public Task<ArmPollResult<ArmRegistry>> BeginCreateAsync(ArmRegistryId id, ArmRegistryDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(definition);
        return BeginAsync(RequestMethod.Put, id, ArmRegistryJson.WriteCreate(definition), "registries.create", cancellationToken);
    }

    public Task<ArmPollResult<ArmRegistry>> BeginUpdateAsync(ArmRegistryId id, ArmRegistryUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(update);
        return BeginAsync(RequestMethod.Patch, id, ArmRegistryJson.WriteUpdate(update), "registries.update", cancellationToken);
    }

    public async Task<ArmPollResult<ArmRegistry>> BeginDeleteAsync(ArmRegistryId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        try
        {
            var started = await BeginAsync(RequestMethod.Delete, id, null, "registries.delete", cancellationToken);
            return started with { Resource = null };
        }
        catch (ArmRequestException e) when (e.Kind == ArmErrorKind.NotFound)
        {
            return new ArmPollResult<ArmRegistry> { State = ArmOperationState.Succeeded };
        }
    }

    public async Task<ArmPollResult<ArmRegistry>> PollAsync(ArmOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Map(await _arm.PollAsync(operation, ApiVersion, Operation(operation.Method), cancellationToken));
    }

    public async Task<ArmRegistryCredentials> ListCredentialsAsync(ArmRegistryId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        using var response = await _arm.SendAsync(RequestMethod.Post, _arm.Url(id.ResourceId + "/listCredentials", ApiVersion), null, "registries.listCredentials", cancellationToken);
        return response.IsError ? throw _arm.Failure(response, "registries.listCredentials") : ArmRegistryJson.ReadCredentials(response.Content);
    }

    public async Task<ArmRegistryCredentials> RegenerateCredentialAsync(ArmRegistryId id, string passwordName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentException.ThrowIfNullOrEmpty(passwordName);
        var body = BinaryData.FromString(new JsonObject { ["name"] = passwordName }.ToJsonString());
        using var response = await _arm.SendAsync(RequestMethod.Post, _arm.Url(id.ResourceId + "/regenerateCredential", ApiVersion), body, "registries.regenerateCredential", cancellationToken);
        return response.IsError ? throw _arm.Failure(response, "registries.regenerateCredential") : ArmRegistryJson.ReadCredentials(response.Content);
    }

    public async Task<ArmNameAvailability> CheckNameAvailabilityAsync(string subscriptionId, string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(subscriptionId);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var body = BinaryData.FromString(new JsonObject { ["name"] = name, ["type"] = "Microsoft.ContainerRegistry/registries" }.ToJsonString());
        var url = _arm.Url($"/subscriptions/{subscriptionId}/providers/Microsoft.ContainerRegistry/checkNameAvailability", ApiVersion);
        using var response = await _arm.SendAsync(RequestMethod.Post, url, body, "registries.checkNameAvailability", cancellationToken);
        return response.IsError ? throw _arm.Failure(response, "registries.checkNameAvailability") : ArmRegistryJson.ReadNameAvailability(response.Content);
    }

    private async Task<ArmPollResult<ArmRegistry>> BeginAsync(RequestMethod method, ArmRegistryId id, BinaryData? body, string operation, CancellationToken cancellationToken)
    {
        using var response = await _arm.SendAsync(method, _arm.Url(id.ResourceId, ApiVersion), body, operation, cancellationToken);
        return Map(_arm.Start(response, method.Method, id.ResourceId, operation));
    }

    private static string Operation(string method) => method switch
    {
        "PUT" => "registries.create",
        "PATCH" => "registries.update",
        "DELETE" => "registries.delete",
        _ => "registries.action",
    };

    private static ArmPollResult<ArmRegistry> Map(ArmPollResult<BinaryData> result) => new()
    {
        State = result.State,
        Operation = result.Operation,
        RetryAfter = result.RetryAfter,
        Error = result.Error,
        Resource = result.Resource is { } body ? ArmRegistryJson.Read(body) : null,
    };
}
