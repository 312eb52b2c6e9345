using System.Globalization;
using System.Net;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Http;

/// <summary>The ARM errors the emulator answers with, codes and message formats as ARM writes them.</summary>
internal static class ArmErrors
{
    public static ArmException MissingApiVersion() => new(
        HttpStatusCode.BadRequest,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.");

    // ARM answers a malformed version with InvalidApiVersionParameter and a well-formed but unknown one
    // with NoRegisteredProviderFound (PUT bodies name the location) or InvalidResourceType.
    public static ArmException InvalidApiVersion(string version, IEnumerable<string> supported) => new(
        HttpStatusCode.BadRequest,
        "InvalidApiVersionParameter",
        $"The api-version '{version}' is invalid. The supported versions are '{string.Join(",", supported)}'. Please see https://aka.ms/api-upgrade for more details.");

    public static ArmException NoRegisteredProvider(string version, string type, string? location, IEnumerable<string> supported) => new(
        HttpStatusCode.BadRequest,
        "NoRegisteredProviderFound",
        $"No registered resource provider found for location '{location ?? "global"}' and API version '{version}' for type '{type[(type.IndexOf('/', StringComparison.Ordinal) + 1)..]}'. The supported api-versions are '{string.Join(", ", supported)}'.");

    public static ArmException InvalidResourceType(string typeName, string ns, string version) => new(
        HttpStatusCode.NotFound,
        "InvalidResourceType",
        $"The resource type '{typeName}' could not be found in the namespace '{ns}' for api version '{version}'.");

    public static ArmException InvalidNamespace(string ns) => new(
        HttpStatusCode.NotFound,
        "InvalidResourceNamespace",
        $"The resource namespace '{ns}' is invalid.");

    public static ArmException NoRoute(string path) => new(
        HttpStatusCode.NotFound,
        "NotFound",
        $"The requested path '{path}' does not match any Azure Resource Manager route.");

    public static ArmException MethodNotAllowed(string method) => new(
        HttpStatusCode.MethodNotAllowed,
        "MethodNotAllowed",
        $"The requested resource does not support http method '{method}'.");

    public static ArmException ResourceGroupNotFound(string group) => new(
        HttpStatusCode.NotFound,
        "ResourceGroupNotFound",
        $"Resource group '{group}' could not be found.");

    public static ArmException ResourceGroupBeingDeleted(string group) => new(
        HttpStatusCode.Conflict,
        "ResourceGroupBeingDeleted",
        $"The resource group '{group}' is in deprovisioning state and cannot perform this operation.");

    public static ArmException ResourceNotFound(string typedName, string group) => new(
        HttpStatusCode.NotFound,
        "ResourceNotFound",
        $"The Resource '{typedName}' under resource group '{group}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");

    public static ArmException ParentResourceNotFound(string parent) => new(
        HttpStatusCode.NotFound,
        "ParentResourceNotFound",
        $"Can not perform requested operation on nested resource. Parent resource '{parent}' not found.");

    public static ArmException InvalidResourceName(string name, ArmNameRule rule) => new(
        HttpStatusCode.BadRequest,
        "InvalidResourceName",
        $"Resource name '{name}' is invalid. The name must be between {rule.MinLength.ToString(CultureInfo.InvariantCulture)} and {rule.MaxLength.ToString(CultureInfo.InvariantCulture)} characters long and match the pattern '{rule.Pattern}'.",
        "name");

    public static ArmException InvalidContent(string detail, string? target = null) => new(
        HttpStatusCode.BadRequest,
        "InvalidRequestContent",
        $"The request content was invalid and could not be deserialized: '{detail}'.",
        target);

    public static ArmException LocationRequired() => new(
        HttpStatusCode.BadRequest,
        "LocationRequired",
        "The location property is required for this definition.",
        "location");

    public static ArmException PropertyChangeNotAllowed(string path) => new(
        HttpStatusCode.BadRequest,
        "PropertyChangeNotAllowed",
        $"Changing property '{path}' is not allowed.",
        path);

    public static ArmException AnotherOperationInProgress(string id) => new(
        HttpStatusCode.Conflict,
        "AnotherOperationInProgress",
        $"Another operation on resource '{id}' is in progress. Please retry after it completes.");

    public static ArmException AuthenticationMissing()
    {
        var error = new ArmException(
            HttpStatusCode.Unauthorized,
            "AuthenticationFailed",
            "Authentication failed. The 'Authorization' header is missing.");
        error.Headers["WWW-Authenticate"] = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The authentication failed because of missing 'Authorization' header.\"";
        return error;
    }

    public static ArmException AuthenticationInvalid()
    {
        var error = new ArmException(
            HttpStatusCode.Unauthorized,
            "InvalidAuthenticationToken",
            "The access token is invalid.");
        error.Headers["WWW-Authenticate"] = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The access token is invalid.\"";
        return error;
    }

    public static ArmException TokenExpired(DateTimeOffset expiry, DateTimeOffset now)
    {
        var error = new ArmException(
            HttpStatusCode.Unauthorized,
            "ExpiredAuthenticationToken",
            $"The access token expiry UTC time '{expiry.UtcDateTime.ToString(CultureInfo.InvariantCulture)}' is earlier than current UTC time '{now.UtcDateTime.ToString(CultureInfo.InvariantCulture)}'.");
        error.Headers["WWW-Authenticate"] = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The access token has expired.\"";
        return error;
    }

    public static ArmException WrongAudience(string? audience, IEnumerable<string> allowed)
    {
        var error = new ArmException(
            HttpStatusCode.Unauthorized,
            "InvalidAuthenticationTokenAudience",
            $"The access token has been obtained for wrong audience or resource '{audience}'. It should exactly match with one of the allowed audiences '{string.Join("','", allowed)}'.");
        error.Headers["WWW-Authenticate"] = "Bearer authorization_uri=\"https://login.microsoftonline.com/common\", error=\"invalid_token\", error_description=\"The access token has been obtained for wrong audience or resource.\"";
        return error;
    }

    public static ArmException AuthorizationFailed(string clientId, string objectId, string action, string scope) => new(
        HttpStatusCode.Forbidden,
        "AuthorizationFailed",
        $"The client '{clientId}' with object id '{objectId}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.");

    public static ArmException Throttled(string kind, string subscription, int limit, int retryAfterSeconds)
    {
        var error = new ArmException(
            HttpStatusCode.TooManyRequests,
            "SubscriptionRequestsThrottled",
            $"Number of '{kind}' requests for subscription '{subscription}' actually exceeded the limit of '{limit.ToString(CultureInfo.InvariantCulture)}' for time interval '00:00:10'. Please try again after '{retryAfterSeconds.ToString(CultureInfo.InvariantCulture)}' seconds.");
        error.Headers["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return error;
    }

    public static ArmException InternalServerError(string correlationId) => new(
        HttpStatusCode.InternalServerError,
        "InternalServerError",
        $"Encountered internal server error. Diagnostic information: request correlation id '{correlationId}'.");

    public static ArmException ServiceUnavailable(int retryAfterSeconds)
    {
        var error = new ArmException(
            HttpStatusCode.ServiceUnavailable,
            "ServiceUnavailable",
            "The service is currently unavailable. Please retry the request after some time.");
        error.Headers["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return error;
    }
}
