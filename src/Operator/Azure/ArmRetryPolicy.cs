using Azure.Core;
using Azure.Core.Pipeline;

namespace AcrOperator.Azure;

/// <summary>
/// Azure.Core's retries (5xx, 408, timeouts, dropped connections, exponential back-off honouring <c>Retry-After</c>),
/// bounded: a server asking for a wait longer than the inline limit gets no in-call retry, the caller requeues.
/// 429s are left to <see cref="ArmRequestPolicy"/>, which waits on the subscription's limiter instead.
/// </summary>
internal sealed class ArmRetryPolicy(int maxRetries, DelayStrategy delay, TimeSpan maxInlineWait, TimeProvider time)
    : RetryPolicy(maxRetries, delay)
{
    /// <summary>Message property: set on a request that must not be repeated (ARM may have acted on the first attempt).</summary>
    public const string NoRetryProperty = "acr-operator.no-retry";

    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        Allowed(message, exception) && base.ShouldRetry(message, exception);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        Allowed(message, exception) && await base.ShouldRetryAsync(message, exception);

    private bool Allowed(HttpMessage message, Exception? exception)
    {
        // An untrusted certificate is configuration: retrying only delays the Terminal answer.
        if (exception is ArmRequestException || exception?.GetBaseException() is System.Security.Authentication.AuthenticationException || message.CancellationToken.IsCancellationRequested
            || message.TryGetProperty(NoRetryProperty, out _))
        {
            return false;
        }

        if (exception is not null || !message.HasResponse)
        {
            return true;
        }

        return message.Response.Status != 429 && !(ArmErrorClassifier.RetryAfter(message.Response, time) > maxInlineWait);
    }
}
