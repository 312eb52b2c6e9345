using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Sandbox.Arm.DataPlane;
using AcrOperator.Sandbox.Arm.Diagnostics;
using AcrOperator.Sandbox.Arm.Faults;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Http;

/// <summary>
/// The request pipeline for ARM routes: request ids, bearer check, throttling, routing, role check, fault
/// injection, api-version check, then the operation under the store's lock; every outcome lands in the request log.
/// The emulated Entra ID's token endpoint (<c>POST /{tenant}/oauth2/v2.0/token</c>) is served on the same listener.
/// </summary>
internal sealed partial class ArmRequestHandler(ArmRuntime runtime, AdminEndpoints admin, RegistryDataPlane dataPlane, ILogger logger)
{
    // ARM writes quotes and '+' literally, not as \u0027 and \u002B.
    private static readonly JsonSerializerOptions Wire = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (path.StartsWith("/_admin", StringComparison.OrdinalIgnoreCase))
        {
            await admin.HandleAsync(context);
            return;
        }

        // The registry data plane has its own auth (Basic, ACR tokens) and is not ARM: no bearer check, throttling or log.
        if (path.StartsWith(RegistryDataPlane.PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            await dataPlane.HandleAsync(context);
            return;
        }

        if (IsEntraTokenPath(path))
        {
            await IssueTokenAsync(context, path);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var time = runtime.TimeProvider.GetUtcNow();
        var method = context.Request.Method.ToUpperInvariant();
        var correlationId = context.Request.Headers["x-ms-correlation-request-id"].FirstOrDefault() ?? Guid.NewGuid().ToString();
        context.Response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-ms-correlation-request-id"] = correlationId;
        if (context.Request.Headers["x-ms-client-request-id"].FirstOrDefault() is { } clientRequestId)
        {
            context.Response.Headers["x-ms-client-request-id"] = clientRequestId;
        }

        string? operation = null;
        ArmCaller? caller = null;
        var dropped = false;
        try
        {
            caller = ArmAuthentication.Authenticate(context.Request, runtime);
            var subscription = SubscriptionOf(path);
            var isWrite = method is not ("GET" or "HEAD");
            if (subscription is not null)
            {
                var allowed = runtime.Throttle.TryTake(subscription, isWrite, out var remaining, out var retryAfter, out var limit);
                context.Response.Headers[isWrite ? "x-ms-ratelimit-remaining-subscription-writes" : "x-ms-ratelimit-remaining-subscription-reads"] = remaining.ToString(CultureInfo.InvariantCulture);
                if (!allowed)
                {
                    throw ArmErrors.Throttled(isWrite ? "write" : "read", subscription, limit, retryAfter);
                }
            }

            var apiVersion = context.Request.Query["api-version"].FirstOrDefault();
            var route = ArmRouter.Resolve(runtime, path, apiVersion ?? string.Empty);
            operation = $"{method} {route.Type?.FullType ?? route.Provider?.Namespace}{(route.ActionName is null ? string.Empty : "/" + route.ActionName)}";
            ArmAuthentication.Authorize(caller, runtime, route, method, path);
            var fault = await InjectFaultAsync(context, method, route, subscription ?? string.Empty, isWrite, operation);
            if (fault == ArmFaultKind.Drop)
            {
                dropped = true;
                return;
            }

            if (string.IsNullOrEmpty(apiVersion))
            {
                throw ArmErrors.MissingApiVersion();
            }

            var body = await ReadBodyAsync(context.Request);
            CheckApiVersion(apiVersion, route, body);
            var ctx = new ArmRequestContext(runtime, context.Request, route.SubscriptionId, apiVersion, body);
            ArmResult result;
            lock (runtime.Store.Gate)
            {
                runtime.Operations.Settle(runtime.TimeProvider.GetUtcNow());
                result = ArmResourceOperations.Execute(ctx, route);
            }

            if (fault == ArmFaultKind.LoseResponse)
            {
                context.Abort();
                dropped = true;
                return;
            }

            await WriteAsync(context, result.Status, result.Body, result.Headers, method);
        }
        catch (ArmException error)
        {
            await WriteAsync(context, error.Status, error.ToBody(), error.Headers, method);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            dropped = true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            ArmLog.RequestFailed(logger, exception, method, path);
            var error = ArmErrors.InternalServerError(correlationId);
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context, error.Status, error.ToBody(), error.Headers, method);
            }
        }
        finally
        {
            runtime.RequestLog.Add(new ArmRequestLogEntry(
                time,
                method,
                path + context.Request.QueryString.Value,
                dropped ? 0 : context.Response.StatusCode,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                operation,
                caller?.ClientId));
        }
    }

    // Entra ID's v2.0 token endpoint: /{tenant}/oauth2/v2.0/token (ARM paths start with /subscriptions, /providers...).
    private static bool IsEntraTokenPath(string path) =>
        path.Trim('/').Split('/') is [_, "oauth2", "v2.0", "token"];

    private async Task IssueTokenAsync(HttpContext context, string path)
    {
        var tenant = Uri.UnescapeDataString(path.Trim('/').Split('/')[0]);
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var (status, body) = runtime.Entra.IssueToken(tenant, form, runtime.TimeProvider.GetUtcNow());
        context.Response.StatusCode = status;
        // Token responses must not be cached (RFC 6749 §5.1), and Entra says so.
        context.Response.Headers.CacheControl = "no-store, no-cache";
        context.Response.Headers.Pragma = "no-cache";
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString(Wire), context.RequestAborted);
    }

    /// <summary>
    /// Applies a matching fault: throws the error ones, aborts for <see cref="ArmFaultKind.Drop"/>, and returns the kind
    /// the caller still has to act on (<see cref="ArmFaultKind.Drop"/>: stop; <see cref="ArmFaultKind.LoseResponse"/>: serve,
    /// then abort); null to serve normally.
    /// </summary>
    private async Task<ArmFaultKind?> InjectFaultAsync(HttpContext context, string method, ArmRoute route, string subscription, bool isWrite, string operation)
    {
        var (latencyMs, fault) = runtime.Faults.Decide(method, route.Type?.FullType ?? route.Provider?.Namespace, route.ActionName);
        if (latencyMs > 0)
        {
            // Real time on purpose: latency is about the wire, not the emulated clock.
            await Task.Delay(latencyMs, context.RequestAborted);
        }

        if (fault is null)
        {
            return null;
        }

        ArmLog.FaultInjected(logger, fault.Kind, operation);
        switch (fault.Kind)
        {
            case ArmFaultKind.Drop:
                context.Abort();
                return ArmFaultKind.Drop;
            case ArmFaultKind.LoseResponse:
                return ArmFaultKind.LoseResponse;
            case ArmFaultKind.Throttle:
                throw ArmErrors.Throttled(isWrite ? "write" : "read", subscription, 0, fault.RetryAfterSeconds);
            default:
                var error = fault.Status switch
                {
                    500 => ArmErrors.InternalServerError(context.Response.Headers["x-ms-correlation-request-id"].ToString()),
                    503 => ArmErrors.ServiceUnavailable(fault.RetryAfterSeconds),
                    var status => new ArmException((HttpStatusCode)status, ((HttpStatusCode)status).ToString(), $"Injected fault: HTTP {status.ToString(CultureInfo.InvariantCulture)}."),
                };
                throw error;
        }
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw ArmErrors.InvalidContent(e.Message);
        }
    }

    private static void CheckApiVersion(string apiVersion, ArmRoute route, JsonNode? body)
    {
        var supported = route.ApiVersions.ToList();
        if (supported.Contains(apiVersion, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        if (!VersionFormat().IsMatch(apiVersion))
        {
            throw ArmErrors.InvalidApiVersion(apiVersion, supported);
        }

        var location = (body as JsonObject)?["location"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        throw ArmErrors.NoRegisteredProvider(apiVersion, route.Type?.FullType ?? $"{route.Provider?.Namespace}/{route.ActionName}", location, supported);
    }

    private static async Task WriteAsync(HttpContext context, HttpStatusCode status, JsonNode? body, Dictionary<string, string> headers, string method)
    {
        var response = context.Response;
        // HEAD answers 204 where GET would answer 200 (ARM's resource-group existence check).
        response.StatusCode = method == "HEAD" && status == HttpStatusCode.OK ? (int)HttpStatusCode.NoContent : (int)status;
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }

        if (body is null || method == "HEAD")
        {
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(body.ToJsonString(Wire), context.RequestAborted);
    }

    private static string? SubscriptionOf(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-[a-zA-Z]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionFormat();
}
