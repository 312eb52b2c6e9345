using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Identity;
using Microsoft.Identity.Client;

namespace AcrOperator.Azure;

/// <summary>Maps ARM responses to <see cref="ArmError"/>: status first, then the codes that override it.</summary>
internal static class ArmErrorClassifier
{
    public static ArmError FromResponse(Response response, TimeProvider time)
    {
        var (code, message, target) = ReadBody(response.Content);
        response.Headers.TryGetValue("x-ms-request-id", out var requestId);
        code ??= response.Status switch
        {
            404 => ArmErrorCodes.ResourceNotFound,
            429 => ArmErrorCodes.TooManyRequests,
            _ => "HttpStatus" + response.Status.ToString(CultureInfo.InvariantCulture),
        };
        message ??= string.IsNullOrEmpty(response.ReasonPhrase) ? $"ARM answered {response.Status}." : response.ReasonPhrase;
        return new ArmError(Classify(response.Status, code), code, message, response.Status, target, requestId, RetryAfter(response, time));
    }

    public static ArmError FromOperationError(string? code, string? message, string? target, string? requestId) =>
        new(ArmErrorKind.Terminal, code ?? "OperationFailed", message ?? "The operation failed.", 200, target, requestId);

    public static ArmError NoResponse(Exception exception) =>
        exception.GetBaseException() is System.Security.Authentication.AuthenticationException tls
            ? new(ArmErrorKind.Terminal, ArmErrorCodes.TlsValidationFailed, $"The ARM endpoint's TLS certificate is not trusted: {tls.Message}", 0)
            : new(ArmErrorKind.Transient, ArmErrorCodes.NoResponse, $"No response from ARM: {exception.GetBaseException().Message}", 0);

    /// <summary>
    /// A failure to get a token for the request, from Azure.Identity: Entra ID refusing the identity, or the identity
    /// being unusable, is terminal (a human fixes the credentials); Entra ID being unreachable or failing is transient.
    /// Messages keep Entra's AADSTS text (which never holds the secret) and drop its trace ids.
    /// </summary>
    public static ArmError FromCredentialFailure(Exception exception)
    {
        if (exception is CredentialUnavailableException)
        {
            return new(ArmErrorKind.Terminal, ArmErrorCodes.CredentialUnavailable, exception.Message, 0);
        }

        var chain = Chain(exception).ToList();
        if (chain.OfType<MsalServiceException>().FirstOrDefault() is { } refused)
        {
            return refused.StatusCode is >= 400 and < 500 and not 408 and not 429
                ? new(ArmErrorKind.Terminal, ArmErrorCodes.CredentialRejected, EntraMessage(refused.Message), 0)
                : new(ArmErrorKind.Transient, ArmErrorCodes.TokenRequestFailed, $"Entra ID answered {refused.StatusCode}: {EntraMessage(refused.Message)}", 0);
        }

        if (chain.Any(e => e is System.Security.Authentication.AuthenticationException))
        {
            return NoResponse(exception);
        }

        return chain.Any(e => e is HttpRequestException or IOException or RequestFailedException { Status: 0 } or TimeoutException)
            ? new(ArmErrorKind.Transient, ArmErrorCodes.TokenRequestFailed, $"No response from Entra ID: {exception.GetBaseException().Message}", 0)
            : new(ArmErrorKind.Terminal, ArmErrorCodes.CredentialUnavailable, exception.Message, 0);
    }

    public static ArmErrorKind Classify(int status, string code) => (status, code) switch
    {
        (_, ArmErrorCodes.TooManyRequests or ArmErrorCodes.SubscriptionRequestsThrottled) => ArmErrorKind.Throttled,
        (429, _) => ArmErrorKind.Throttled,
        // A conflicting in-flight operation clears by itself; a conflicting name does not.
        (409, ArmErrorCodes.AnotherOperationInProgress) => ArmErrorKind.Transient,
        (404, _) => ArmErrorKind.NotFound,
        (408, _) => ArmErrorKind.Transient,
        (>= 500, _) => ArmErrorKind.Transient,
        _ => ArmErrorKind.Terminal,
    };

    /// <summary>The server's requested wait: <c>Retry-After</c> in seconds or as an HTTP date, else <c>retry-after-ms</c>.</summary>
    public static TimeSpan? RetryAfter(Response response, TimeProvider time)
    {
        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(Math.Max(0, milliseconds));
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
            : null;
    }

    private static (string? Code, string? Message, string? Target) ReadBody(BinaryData? content)
    {
        if (content is null || content.ToMemory().IsEmpty)
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(content.ToMemory());
            var root = document.RootElement;
            // ARM wraps the error in "error"; some providers answer with the bare ErrorDetail.
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
            return error.ValueKind == JsonValueKind.Object ? (Text(error, "code"), Text(error, "message"), Text(error, "target")) : (null, null, null);
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = (Exception?)exception; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    // MSAL wraps Entra's error_description ("AADSTS7000215: ... Trace ID: ... Correlation ID: ... Timestamp: ...").
    private static string EntraMessage(string message)
    {
        var start = message.IndexOf("AADSTS", StringComparison.Ordinal);
        var text = start < 0 ? message : message[start..];
        var trace = text.IndexOf(" Trace ID:", StringComparison.Ordinal);
        return (trace < 0 ? text : text[..trace]).Trim();
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
