using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace AcrOperator.Azure;

/// <summary>
/// Runs around every attempt: waits for the subscription's rate limiter, feeds it the response's remaining-headers
/// and 429s, retries a 429 once its pause is over (when that is within the inline limit), and reports metrics.
/// </summary>
internal sealed class ArmRequestPolicy(ArmRateLimiters limiters, IArmMetrics metrics, TimeProvider time, TimeSpan maxInlineWait, int maxThrottleRetries, ILogger logger)
    : HttpPipelinePolicy
{
    public const string OperationProperty = "acr-operator.arm-operation";

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var operation = message.TryGetProperty(OperationProperty, out var name) && name is string s ? s : "unknown";
        var access = message.Request.Method == RequestMethod.Get || message.Request.Method == RequestMethod.Head ? ArmAccess.Read : ArmAccess.Write;
        var uri = message.Request.Uri.ToUri();
        var subscription = SubscriptionOf(uri);
        var limiter = subscription is null ? null : limiters.For(subscription);
        for (var attempt = 0; ; attempt++)
        {
            if (limiter is not null)
            {
                var before = time.GetTimestamp();
                var refused = await limiter.AcquireAsync(access, maxInlineWait, message.CancellationToken);
                var waited = time.GetElapsedTime(before);
                if (refused is { } wait)
                {
                    metrics.RateLimited(operation, wait);
                    throw new ArmRequestException(new ArmError(
                        ArmErrorKind.Throttled,
                        ArmErrorCodes.SubscriptionRequestsThrottled,
                        $"Calls to subscription {subscription} are paused by the operator's ARM rate limiter for {wait.TotalSeconds:0.#} s.",
                        0,
                        RetryAfter: wait));
                }

                if (waited > TimeSpan.Zero)
                {
                    metrics.RateLimited(operation, waited);
                }
            }

            var started = time.GetTimestamp();
            try
            {
                await ProcessNextAsync(message, pipeline);
            }
            catch
            {
                metrics.RequestCompleted(operation, 0, time.GetElapsedTime(started));
                throw;
            }

            var response = message.Response;
            var elapsed = time.GetElapsedTime(started);
            metrics.RequestCompleted(operation, response.Status, elapsed);
            logger.Answered(operation, message.Request.Method.Method, uri.AbsolutePath, response.Status, elapsed.TotalMilliseconds);
            if (limiter is null)
            {
                return;
            }

            var retryAfter = response.Status == 429 ? ArmErrorClassifier.RetryAfter(response, time) ?? TimeSpan.FromSeconds(1) : (TimeSpan?)null;
            limiter.Observe(access, response.Status, Remaining(response, access), retryAfter);
            if (retryAfter is not { } pause)
            {
                return;
            }

            logger.Throttled(operation, subscription!, pause);
            if (attempt >= maxThrottleRetries || pause > maxInlineWait)
            {
                return;
            }

            response.Dispose();
        }
    }

    private static long? Remaining(Response response, ArmAccess access) =>
        response.Headers.TryGetValue(access == ArmAccess.Read ? "x-ms-ratelimit-remaining-subscription-reads" : "x-ms-ratelimit-remaining-subscription-writes", out var value)
        && long.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var remaining)
            ? remaining
            : null;

    private static string? SubscriptionOf(Uri uri)
    {
        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 1 < segments.Length; i++)
        {
            if (segments[i].Equals("subscriptions", StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(segments[i + 1]);
            }
        }

        return null;
    }
}
