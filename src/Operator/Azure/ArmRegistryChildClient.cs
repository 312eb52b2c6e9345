using Azure.Core;

namespace AcrOperator.Azure;

/// <summary>
/// A registry's child resources of one collection over one identity's pipeline, at the registry API version. Not
/// sealed: webhooks and tasks add their actions (<see cref="ArmWebhookClient"/>, <see cref="ArmTaskClient"/>).
/// </summary>
internal class ArmRegistryChildClient<T, TDefinition, TUpdate> : IArmRegistryChildClient<T, TDefinition, TUpdate>
    where T : class
{
    private readonly string _collection;
    private readonly Func<BinaryData, T> _read;
    private readonly Func<TDefinition, BinaryData> _writeCreate;
    private readonly Func<TUpdate, BinaryData> _writeUpdate;

    /// <param name="apiVersion">The collection's API version; tasks exist only in the preview that has them, not in the registry's.</param>
    public ArmRegistryChildClient(ArmClient arm, string collection, Func<BinaryData, T> read, Func<TDefinition, BinaryData> writeCreate, Func<TUpdate, BinaryData> writeUpdate, string apiVersion = ArmRegistryClient.ApiVersion)
    {
        Arm = arm;
        ApiVersion = apiVersion;
        _collection = collection;
        _read = read;
        _writeCreate = writeCreate;
        _writeUpdate = writeUpdate;
    }

    protected ArmClient Arm { get; }

    protected string ApiVersion { get; }

    public async Task<T?> GetAsync(ArmRegistryChildId id, CancellationToken cancellationToken)
    {
        var operation = Operation("get", id);
        using var response = await Arm.SendAsync(RequestMethod.Get, Arm.Url(id.ResourceId, ApiVersion), null, operation, cancellationToken);
        if (response.Status == 404)
        {
            return null;
        }

        return response.IsError ? throw Arm.Failure(response, operation) : _read(response.Content);
    }

    public Task<ArmPollResult<T>> BeginCreateAsync(ArmRegistryChildId id, TDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return BeginAsync(RequestMethod.Put, id, _writeCreate(definition), cancellationToken);
    }

    public Task<ArmPollResult<T>> BeginUpdateAsync(ArmRegistryChildId id, TUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return BeginAsync(RequestMethod.Patch, id, _writeUpdate(update), cancellationToken);
    }

    public async Task<ArmPollResult<T>> BeginDeleteAsync(ArmRegistryChildId id, CancellationToken cancellationToken)
    {
        try
        {
            var started = await BeginAsync(RequestMethod.Delete, id, null, cancellationToken);
            return started with { Resource = null };
        }
        catch (ArmRequestException e) when (e.Kind == ArmErrorKind.NotFound)
        {
            return new ArmPollResult<T> { State = ArmOperationState.Succeeded };
        }
    }

    public async Task<ArmPollResult<T>> PollAsync(ArmOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var name = $"{_collection}.{Verb(operation.Method)}";
        return Map(await Arm.PollAsync(operation, ApiVersion, name, cancellationToken));
    }

    /// <summary>A POST action on the resource (<c>getCallbackConfig</c>, <c>listDetails</c>, ...), read with <paramref name="read"/>; neither body is ever logged.</summary>
    protected async Task<TResult> ActionAsync<TResult>(ArmRegistryChildId id, string action, Func<BinaryData, TResult> read, CancellationToken cancellationToken)
    {
        var operation = Operation(action, id);
        using var response = await Arm.SendAsync(RequestMethod.Post, Arm.Url($"{id.ResourceId}/{action}", ApiVersion), null, operation, cancellationToken);
        return response.IsError ? throw Arm.Failure(response, operation) : read(response.Content);
    }

    /// <summary>The operation's name in logs and metrics, e.g. <c>replications.create</c>; checks the id is of this collection.</summary>
    protected string Operation(string verb, ArmRegistryChildId id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!string.Equals(id.Collection, _collection, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{id} is not one of the registry's {_collection}.", nameof(id));
        }

        return $"{_collection}.{verb}";
    }

    private static string Verb(string method) => method switch
    {
        "PUT" => "create",
        "PATCH" => "update",
        "DELETE" => "delete",
        _ => "action",
    };

    private async Task<ArmPollResult<T>> BeginAsync(RequestMethod method, ArmRegistryChildId id, BinaryData? body, CancellationToken cancellationToken)
    {
        var operation = Operation(Verb(method.Method), id);
        using var response = await Arm.SendAsync(method, Arm.Url(id.ResourceId, ApiVersion), body, operation, cancellationToken);
        return Map(Arm.Start(response, method.Method, id.ResourceId, operation));
    }

    private ArmPollResult<T> Map(ArmPollResult<BinaryData> result) => new()
    {
        State = result.State,
        Operation = result.Operation,
        RetryAfter = result.RetryAfter,
        Error = result.Error,
        Resource = result.Resource is { } body ? _read(body) : null,
    };
}
