using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.KubeApi;

/// <summary>
/// An API error with the Kubernetes <c>Status</c> it is answered with. Messages follow apimachinery's
/// <c>pkg/api/errors</c> word for word, because clients and tests match on them.
/// </summary>
public sealed class ApiException : Exception
{
    public ApiException()
        : this(500, "InternalError", "internal error")
    {
    }

    public ApiException(string message)
        : this(500, "InternalError", message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = 500;
        Reason = "InternalError";
    }

    public ApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public int Code { get; }

    public string Reason { get; }

    public JsonObject? Details { get; }

    /// <summary>The <c>Status</c> body of the error; a new object per call so callers may embed it.</summary>
    public JsonObject ToStatus()
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = Message,
            ["reason"] = Reason,
        };
        if (Details is not null)
        {
            status["details"] = Details.DeepClone();
        }

        status["code"] = Code;
        return status;
    }

    internal static JsonObject DetailsOf(string? name, string group, string kind, JsonArray? causes = null)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        if (group.Length > 0)
        {
            details["group"] = group;
        }

        details["kind"] = kind;
        if (causes is not null)
        {
            details["causes"] = causes;
        }

        return details;
    }

    internal static ApiException NotFound(ResourceDescriptor resource, string name) =>
        new(404, "NotFound", $"{resource.QualifiedResource} \"{name}\" not found", DetailsOf(name, resource.Group, resource.Plural));

    internal static ApiException NotFoundPath() =>
        new(404, "NotFound", "the server could not find the requested resource", new JsonObject());

    internal static ApiException AlreadyExists(ResourceDescriptor resource, string name) =>
        new(409, "AlreadyExists", $"{resource.QualifiedResource} \"{name}\" already exists", DetailsOf(name, resource.Group, resource.Plural));

    internal static ApiException Conflict(ResourceDescriptor resource, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {resource.QualifiedResource} \"{name}\": {why}", DetailsOf(name, resource.Group, resource.Plural));

    internal const string OptimisticLockMessage = "the object has been modified; please apply your changes to the latest version and try again";

    internal static ApiException Invalid(string group, string kind, string name, IReadOnlyList<FieldError> errors)
    {
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject { ["reason"] = error.Type, ["message"] = error.Message, ["field"] = error.Field });
        }

        var aggregate = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors) + "]";
        var qualifiedKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return new(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {aggregate}", DetailsOf(name, group, kind, causes));
    }

    internal static ApiException Invalid(ResourceDescriptor resource, string name, IReadOnlyList<FieldError> errors) =>
        Invalid(resource.Group, resource.Kind, name, errors);

    internal static ApiException Invalid(ResourceDescriptor resource, string name, FieldError error) =>
        Invalid(resource.Group, resource.Kind, name, [error]);

    internal static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    internal static ApiException Forbidden(ResourceDescriptor resource, string name, string why, JsonArray? causes = null) =>
        new(403, "Forbidden", $"{resource.QualifiedResource} \"{name}\" is forbidden: {why}", DetailsOf(name, resource.Group, resource.Plural, causes));

    internal static ApiException Expired(string message) => new(410, "Expired", message);

    /// <summary>A resourceVersion the store has not reached (the cacher's NewTooLargeResourceVersionError): retry shortly or relist.</summary>
    internal static ApiException TooLargeResourceVersion(long requested, long current) => new(
        504,
        "Timeout",
        $"Too large resource version: {requested}, current: {current}",
        new JsonObject
        {
            ["causes"] = new JsonArray(new JsonObject { ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version" }),
            ["retryAfterSeconds"] = 1,
        });

    internal static ApiException MethodNotAllowed() =>
        new(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", new JsonObject());

    internal static ApiException NotAcceptable() =>
        new(406, "NotAcceptable", "the server was unable to respond with a content type that the client supports");

    internal static ApiException UnsupportedPatchType() =>
        new(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");

    internal static ApiException UnsupportedMediaType() =>
        new(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml");

    internal static ApiException TooLarge(long limit) =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");
}
