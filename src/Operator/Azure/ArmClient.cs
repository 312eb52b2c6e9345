using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace AcrOperator.Azure;

/// <summary>
/// ARM over one identity's Azure.Core pipeline: sends requests, turns failures into <see cref="ArmRequestException"/>,
/// and starts and polls long-running operations one step at a time (arm-acr-api.md §5), never waiting for them.
/// </summary>
internal sealed class ArmClient(HttpPipeline pipeline, AzureOptions options, TimeProvider time, ILogger logger)
{
    private static readonly BinaryData Empty = BinaryData.FromBytes(ReadOnlyMemory<byte>.Empty);

    public Uri Endpoint { get; } = options.ResourceManagerEndpoint;

    public Uri Url(string resourcePath, string apiVersion) =>
        new(Endpoint, $"{resourcePath.TrimStart('/')}?api-version={Uri.EscapeDataString(apiVersion)}");

    /// <summary>
    /// Sends one request; any status comes back as a response, and only a missing response throws. Without
    /// <paramref name="retry"/>, a request ARM may have acted on is never sent twice in the call (for a POST that is not
    /// idempotent, such as scheduleRun); 429s, which ARM did not act on, are still waited out.
    /// </summary>
    public async Task<Response> SendAsync(RequestMethod method, Uri url, BinaryData? body, string operation, CancellationToken cancellationToken, bool retry = true)
    {
        EnsureArmHost(url);
        // Not disposed here: disposing the message would dispose the response handed to the caller, who disposes that.
        var message = pipeline.CreateMessage();
        message.SetProperty(ArmRequestPolicy.OperationProperty, operation);
        if (!retry)
        {
            message.SetProperty(ArmRetryPolicy.NoRetryProperty, true);
        }

        message.Request.Method = method;
        message.Request.Uri.Reset(url);
        message.Request.Headers.SetValue("Accept", "application/json");
        if (body is not null)
        {
            message.Request.Headers.SetValue("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(body);
        }

        return await SendThroughAsync(pipeline, message, operation, logger, cancellationToken);
    }

    /// <summary>
    /// Sends <paramref name="message"/> through <paramref name="pipeline"/> (ARM's or the data plane's): a missing
    /// response becomes a classified <see cref="ArmRequestException"/>, any status comes back as a response.
    /// </summary>
    internal static async Task<Response> SendThroughAsync(HttpPipeline pipeline, HttpMessage message, string operation, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await pipeline.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Unwrap(e) is var cause && cause is not ArmRequestException && IsNoResponse(cause))
        {
            var error = ArmErrorClassifier.NoResponse(cause);
            logger.Failed(operation, error.Kind, 0, error.Code, null);
            throw new ArmRequestException(error, cause);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && Unwrap(e) is var cause && cause is AuthenticationFailedException or CredentialUnavailableException)
        {
            // The token, not ARM, failed: no request left the process.
            var error = ArmErrorClassifier.FromCredentialFailure(cause);
            logger.Failed(operation, error.Kind, 0, error.Code, null);
            throw new ArmRequestException(error, cause);
        }
        catch (Exception e) when (Unwrap(e) is ArmRequestException limited && !ReferenceEquals(limited, e))
        {
            throw limited;
        }

        return message.Response;
    }

    /// <summary>The classified failure of <paramref name="response"/>, logged.</summary>
    public ArmRequestException Failure(Response response, string operation)
    {
        var error = ArmErrorClassifier.FromResponse(response, time);
        logger.Failed(operation, error.Kind, error.Status, error.Code, error.RequestId);
        return new ArmRequestException(error);
    }

    /// <summary>
    /// Reads the first response of a write. A polling header makes it pending; otherwise a non-terminal
    /// <c>provisioningState</c> does (polled on the resource), and anything else is complete at once.
    /// </summary>
    public ArmPollResult<BinaryData> Start(Response response, string method, string resourceId, string operation)
    {
        if (response.IsError)
        {
            throw Failure(response, operation);
        }

        // No Retry-After stays null: when to poll is the caller's schedule, Retry-After only a lower bound for it.
        var retryAfter = ArmErrorClassifier.RetryAfter(response, time);
        ArmOperation? pending = null;
        if (response.Headers.TryGetValue("Azure-AsyncOperation", out var status) && Uri.TryCreate(status, UriKind.Absolute, out var statusUrl))
        {
            pending = new ArmOperation(ArmOperationKind.AzureAsyncOperation, method, resourceId, statusUrl, time.GetUtcNow());
        }
        else if (response.Headers.TryGetValue("Location", out var location) && Uri.TryCreate(location, UriKind.Absolute, out var locationUrl))
        {
            pending = new ArmOperation(ArmOperationKind.Location, method, resourceId, locationUrl, time.GetUtcNow());
        }
        else if (method is "PUT" or "PATCH" && ProvisioningState(response.Content) is { } state && !IsTerminal(state))
        {
            pending = new ArmOperation(ArmOperationKind.ResourceState, method, resourceId, new Uri(Endpoint, resourceId.TrimStart('/')), time.GetUtcNow());
        }

        if (pending is not null)
        {
            logger.OperationStarted(operation, resourceId, pending.Kind);
            return new ArmPollResult<BinaryData> { State = ArmOperationState.InProgress, Operation = pending, RetryAfter = retryAfter };
        }

        return FromProvisioningState(response.Content, response.Headers.RequestId);
    }

    /// <summary>
    /// Polls once. Transient and throttled poll failures throw (the operation itself may be fine, poll again later);
    /// a terminal answer from a <c>Location</c> URL is the operation's failure.
    /// </summary>
    public async Task<ArmPollResult<BinaryData>> PollAsync(ArmOperation pending, string apiVersion, string operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var readUrl = pending.Kind == ArmOperationKind.ResourceState ? Url(pending.ResourceId, apiVersion) : pending.PollingUrl;
        using var response = await SendAsync(RequestMethod.Get, readUrl, null, operation + ".poll", cancellationToken);
        var retryAfter = ArmErrorClassifier.RetryAfter(response, time);
        var inProgress = new ArmPollResult<BinaryData> { State = ArmOperationState.InProgress, Operation = pending, RetryAfter = retryAfter };
        ArmPollResult<BinaryData> result;
        switch (pending.Kind)
        {
            case ArmOperationKind.AzureAsyncOperation:
                if (response.IsError)
                {
                    throw Failure(response, operation + ".poll");
                }

                var (status, error) = ReadOperationStatus(response.Content, response.Headers.RequestId);
                result = status switch
                {
                    "Succeeded" when pending.Method is "PUT" or "PATCH" => await ReadFinalAsync(pending, apiVersion, operation, cancellationToken),
                    "Succeeded" => new ArmPollResult<BinaryData> { State = ArmOperationState.Succeeded },
                    "Failed" => new ArmPollResult<BinaryData> { State = ArmOperationState.Failed, Error = error },
                    "Canceled" => new ArmPollResult<BinaryData> { State = ArmOperationState.Canceled, Error = error },
                    _ => inProgress,
                };
                break;
            case ArmOperationKind.Location:
                if (response.Status == 202)
                {
                    // The next poll goes wherever the latest Location points.
                    var moved = response.Headers.TryGetValue("Location", out var next) && Uri.TryCreate(next, UriKind.Absolute, out var nextUrl) ? pending with { PollingUrl = nextUrl } : pending;
                    result = inProgress with { Operation = moved };
                }
                else if (response.IsError)
                {
                    var failure = Failure(response, operation + ".poll");
                    result = failure.Kind is ArmErrorKind.Terminal or ArmErrorKind.NotFound
                        ? new ArmPollResult<BinaryData> { State = ArmOperationState.Failed, Error = failure.Error }
                        : throw failure;
                }
                else if (pending.Method is "PUT" or "PATCH" && IsEmpty(response.Content))
                {
                    result = await ReadFinalAsync(pending, apiVersion, operation, cancellationToken);
                }
                else
                {
                    result = pending.Method is "DELETE" ? new ArmPollResult<BinaryData> { State = ArmOperationState.Succeeded } : FromProvisioningState(response.Content, response.Headers.RequestId);
                }

                break;
            default:
                if (response.IsError)
                {
                    throw Failure(response, operation + ".poll");
                }

                result = ProvisioningState(response.Content) is { } state && !IsTerminal(state) ? inProgress : FromProvisioningState(response.Content, response.Headers.RequestId);
                break;
        }

        if (result.IsCompleted)
        {
            logger.OperationEnded(pending.Method, pending.ResourceId, result.State);
        }

        return result;
    }

    private async Task<ArmPollResult<BinaryData>> ReadFinalAsync(ArmOperation pending, string apiVersion, string operation, CancellationToken cancellationToken)
    {
        using var final = await SendAsync(RequestMethod.Get, Url(pending.ResourceId, apiVersion), null, operation + ".final", cancellationToken);
        return final.IsError ? throw Failure(final, operation + ".final") : FromProvisioningState(final.Content, final.Headers.RequestId);
    }

    /// <summary>A finished body: Failed/Canceled provisioning states are the operation's failure, anything else success.</summary>
    private static ArmPollResult<BinaryData> FromProvisioningState(BinaryData content, string? requestId)
    {
        var body = IsEmpty(content) ? null : content;
        return ProvisioningState(content) switch
        {
            "Failed" => new ArmPollResult<BinaryData> { State = ArmOperationState.Failed, Resource = body, Error = ArmErrorClassifier.FromOperationError("ProvisioningFailed", "The resource's provisioningState is Failed.", null, requestId) },
            "Canceled" => new ArmPollResult<BinaryData> { State = ArmOperationState.Canceled, Resource = body, Error = ArmErrorClassifier.FromOperationError("Canceled", "The operation was canceled.", null, requestId) },
            _ => new ArmPollResult<BinaryData> { State = ArmOperationState.Succeeded, Resource = body },
        };
    }

    private static (string? Status, ArmError? Error) ReadOperationStatus(BinaryData content, string? requestId)
    {
        try
        {
            using var document = JsonDocument.Parse(content.ToMemory());
            var root = document.RootElement;
            var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            ArmError? error = null;
            if (status is "Failed" or "Canceled")
            {
                var detail = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : default;
                error = ArmErrorClassifier.FromOperationError(Text(detail, "code") ?? (status == "Canceled" ? "Canceled" : null), Text(detail, "message"), Text(detail, "target"), requestId);
            }

            return (status, error);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? ProvisioningState(BinaryData content)
    {
        if (IsEmpty(content))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(content.ToMemory());
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("properties", out var properties)
                && properties.ValueKind == JsonValueKind.Object
                    ? Text(properties, "provisioningState")
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsTerminal(string state) => state is "Succeeded" or "Failed" or "Canceled";

    private static bool IsEmpty(BinaryData? content) =>
        content is null || content.ToMemory().IsEmpty || content.ToString().Trim() is "" or "null";

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: > 0 } aggregate ? aggregate.InnerExceptions[^1] : e;

    private static bool IsNoResponse(Exception e) =>
        e is RequestFailedException { Status: 0 } or HttpRequestException or IOException or OperationCanceledException;

    /// <summary>
    /// Bearer tokens go to the configured ARM endpoint only: polling URLs come back from status, which a user
    /// can edit, and must not be a way to send the operator's token elsewhere.
    /// </summary>
    private void EnsureArmHost(Uri url)
    {
        if (Uri.Compare(url, Endpoint, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            throw new ArmRequestException(new ArmError(ArmErrorKind.Terminal, "UntrustedUrl", $"Refusing to send an ARM request to {url.GetLeftPart(UriPartial.Authority)}: it is not the configured ARM endpoint.", 0));
        }
    }
}
