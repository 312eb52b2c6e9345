using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using AcrOperator.Sandbox.Arm.DataPlane;
using AcrOperator.Sandbox.Arm.Faults;
using AcrOperator.Sandbox.Arm.Providers;
using AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Http;

/// <summary>
/// <c>/_admin/...</c>: fault rules, the request log, completion styles and throttling, changeable at run time,
/// <c>POST /_admin/dataplane/check</c> <c>{loginServer, username, password}</c> → <c>{valid}</c>, and
/// <c>POST /_admin/tasks/baseImageUpdate</c> <c>{taskId, images: [{registry, repository, tag, digest}]}</c> → the run
/// the task's base image trigger queues (ACR's image-update watcher has no ARM operation to stand in for), and the
/// emulated Entra ID's service principals: <c>GET /_admin/principals</c> (never their secrets),
/// <c>POST /_admin/principals</c> <c>{tenantId, clientId, clientSecret?, federatedCredentials?: [{issuer, subject}], scopes?: []}</c>
/// and <c>DELETE /_admin/principals/{clientId}</c> (role assignments and app registrations have no ARM surface here).
/// Outside the ARM routes, so it needs no token and is neither throttled nor logged.
/// </summary>
internal sealed class AdminEndpoints(ArmRuntime runtime, RegistryDataPlane dataPlane, ILogger logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var segments = (request.Path.Value ?? string.Empty).Trim('/').Split('/');
        try
        {
            switch (request.Method, segments)
            {
                case ("GET", [_, "faults"]):
                    await Results.Json(new { value = runtime.Faults.Rules }, Json).ExecuteAsync(context);
                    break;
                case ("POST", [_, "faults"]):
                    var added = runtime.Faults.Add(await Read<ArmFault>(request));
                    ArmLog.FaultAdded(logger, added.Id!);
                    await Results.Json(added, Json, statusCode: StatusCodes.Status201Created).ExecuteAsync(context);
                    break;
                case ("PUT", [_, "faults"]):
                    var set = await Read<FaultSet>(request);
                    runtime.Faults.Clear();
                    if (set.Seed is { } seed)
                    {
                        runtime.Faults.Reseed(seed);
                    }

                    foreach (var fault in set.Value ?? [])
                    {
                        runtime.Faults.Add(fault);
                    }

                    ArmLog.AdminChanged(logger, "fault rules replaced");
                    await Results.Json(new { value = runtime.Faults.Rules }, Json).ExecuteAsync(context);
                    break;
                case ("DELETE", [_, "faults"]):
                    runtime.Faults.Clear();
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    break;
                case ("DELETE", [_, "faults", var id]):
                    context.Response.StatusCode = runtime.Faults.Remove(id) ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound;
                    break;
                case ("GET", [_, "requests"]):
                    await Results.Json(new { value = runtime.RequestLog.Entries }, Json).ExecuteAsync(context);
                    break;
                case ("DELETE", [_, "requests"]):
                    runtime.RequestLog.Clear();
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    break;
                case ("GET", [_, "completion"]):
                    await Results.Json(DescribeCompletion(), Json).ExecuteAsync(context);
                    break;
                case ("PUT", [_, "completion"]):
                    ApplyCompletion(await Read<CompletionSet>(request));
                    await Results.Json(DescribeCompletion(), Json).ExecuteAsync(context);
                    break;
                case ("PUT", [_, "throttling"]):
                    var throttle = await Read<ThrottleSet>(request);
                    runtime.Throttle.Configure(throttle.Enabled == false ? null : ToOptions(throttle));
                    ArmLog.AdminChanged(logger, "throttling changed");
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    break;
                case ("POST", [_, "dataplane", "check"]):
                    var check = await Read<CredentialCheck>(request);
                    var valid = dataPlane.CheckCredentials(check.LoginServer ?? string.Empty, check.Username ?? string.Empty, check.Password ?? string.Empty);
                    await Results.Json(new { valid }, Json).ExecuteAsync(context);
                    break;
                case ("POST", [_, "tasks", "baseImageUpdate"]):
                    await BaseImageUpdateAsync(context);
                    break;
                case ("GET", [_, "principals"]):
                    await Results.Json(new { value = runtime.Entra.Principals }, Json).ExecuteAsync(context);
                    break;
                case ("POST", [_, "principals"]):
                    var principal = AddPrincipal(await Read<PrincipalSpec>(request));
                    ArmLog.PrincipalAdded(logger, principal.ClientId);
                    await Results.Json(principal, Json, statusCode: StatusCodes.Status201Created).ExecuteAsync(context);
                    break;
                case ("DELETE", [_, "principals", var clientId]):
                    context.Response.StatusCode = runtime.Entra.RemoveServicePrincipal(clientId) ? StatusCodes.Status204NoContent : StatusCodes.Status404NotFound;
                    break;
                default:
                    await Results.Json(Error("NotFound", $"No admin endpoint {request.Method} {request.Path}."), Json, statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
                    break;
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            await Results.Json(Error("InvalidRequestContent", e.Message), Json, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
        }
    }

    private async Task BaseImageUpdateAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
            ?? throw new ArgumentException("The request body must be a JSON object.");
        var taskId = (string?)(body["taskId"] as JsonValue) ?? throw new ArgumentException("Required property 'taskId' (the task's ARM id) is missing.");
        int status;
        JsonNode result;
        lock (runtime.Store.Gate)
        {
            try
            {
                (status, result) = (StatusCodes.Status200OK, FireBaseImageTrigger(context.Request, taskId, body));
            }
            catch (ArmException error)
            {
                (status, result) = ((int)error.Status, error.ToBody());
            }
        }

        ArmLog.BaseImageUpdated(logger, taskId);
        await Results.Json(result, Json, statusCode: status).ExecuteAsync(context);
    }

    private JsonObject FireBaseImageTrigger(HttpRequest request, string taskId, JsonObject body)
    {
        runtime.Operations.Settle(runtime.TimeProvider.GetUtcNow());
        var types = runtime.Providers[ContainerRegistryProvider.Namespace].Types;
        var runs = types.OfType<RunType>().Single();
        var task = runtime.Store.OfType(types.OfType<TaskType>().Single()).FirstOrDefault(t => string.Equals(t.Id, taskId, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArmException(System.Net.HttpStatusCode.NotFound, "TaskNotFound", $"The task '{taskId}' was not found.", "taskId");
        var ctx = new ArmRequestContext(runtime, request, task.Address.SubscriptionId, ContainerRegistryApiVersions.Tasks[^1], body);
        return runs.Present(runs.FireBaseImageTrigger(ctx, task, body["images"] as JsonArray ?? []));
    }

    private Entra.EntraPrincipal AddPrincipal(PrincipalSpec spec)
    {
        if (string.IsNullOrWhiteSpace(spec.TenantId) || string.IsNullOrWhiteSpace(spec.ClientId))
        {
            throw new ArgumentException("Required properties 'tenantId' and 'clientId' are missing.");
        }

        runtime.Entra.AddServicePrincipal(spec.TenantId, spec.ClientId, spec.ClientSecret);
        foreach (var federated in spec.FederatedCredentials ?? [])
        {
            runtime.Entra.AddFederatedCredential(spec.ClientId, federated.Issuer, federated.Subject);
        }

        foreach (var scope in spec.Scopes ?? [])
        {
            runtime.Entra.AssignRole(spec.ClientId, scope);
        }

        return runtime.Entra.Principals.Single(p => p.ClientId == spec.ClientId);
    }

    private static ArmThrottleOptions ToOptions(ThrottleSet set) => new()
    {
        ReadCapacity = set.ReadCapacity ?? 250,
        ReadRefillPerSecond = set.ReadRefillPerSecond ?? 25,
        WriteCapacity = set.WriteCapacity ?? 200,
        WriteRefillPerSecond = set.WriteRefillPerSecond ?? 10,
    };

    private static object Error(string code, string message) => new { error = new { code, message } };

    private static async Task<T> Read<T>(HttpRequest request) =>
        await JsonSerializer.DeserializeAsync<T>(request.Body, Json, request.HttpContext.RequestAborted) ?? throw new ArgumentException("The request body must be a JSON object.");

    private CompletionSet DescribeCompletion() => new CompletionSet(
        runtime.Completion.DefaultStyle,
        (int)runtime.Completion.OperationDuration.TotalMilliseconds,
        runtime.Completion.RetryAfterSeconds,
        [.. runtime.Completion.Entries.Select(e => new CompletionRule(e.Type, e.Method, e.Style))]);

    private void ApplyCompletion(CompletionSet set)
    {
        if (set.DefaultStyle is { } style)
        {
            runtime.Completion.DefaultStyle = style;
        }

        if (set.OperationDurationMs is { } ms)
        {
            runtime.Completion.OperationDuration = TimeSpan.FromMilliseconds(ms);
        }

        if (set.RetryAfterSeconds is { } retryAfter)
        {
            runtime.Completion.RetryAfterSeconds = retryAfter;
        }

        foreach (var rule in set.Styles ?? [])
        {
            runtime.Completion.Set(rule.ResourceType, rule.Method, rule.Style);
        }

        ArmLog.AdminChanged(logger, "completion settings changed");
    }

    private sealed record PrincipalSpec(string? TenantId, string? ClientId, string? ClientSecret, IReadOnlyList<Entra.EntraFederatedCredential>? FederatedCredentials, IReadOnlyList<string>? Scopes);

    private sealed record CredentialCheck(string? LoginServer, string? Username, string? Password);

    private sealed record FaultSet(int? Seed, IReadOnlyList<ArmFault>? Value);

    private sealed record CompletionRule(string ResourceType, string Method, ArmCompletionStyle Style);

    private sealed record CompletionSet(ArmCompletionStyle? DefaultStyle, int? OperationDurationMs, int? RetryAfterSeconds, IReadOnlyList<CompletionRule>? Styles);

    private sealed record ThrottleSet(bool? Enabled, int? ReadCapacity, double? ReadRefillPerSecond, int? WriteCapacity, double? WriteRefillPerSecond);
}
