using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Http;

namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>One ARM request as operations and hooks see it.</summary>
internal sealed class ArmRequestContext(ArmRuntime runtime, HttpRequest request, string subscriptionId, string apiVersion, JsonNode? body)
{
    public ArmRuntime Runtime { get; } = runtime;

    public ArmStore Store => Runtime.Store;

    public string Method { get; } = request.Method.ToUpperInvariant();

    public string SubscriptionId { get; } = subscriptionId;

    public string ApiVersion { get; } = apiVersion;

    public JsonNode? Body { get; } = body;

    /// <summary>https://host:port/ of this server, for polling links and nextLink.</summary>
    public Uri BaseUri { get; } = new($"{request.Scheme}://{request.Host}/");

    public string RequestPath { get; } = request.Path.Value ?? "/";

    public string RequestPathAndQuery { get; } = (request.Path.Value ?? "/") + request.QueryString.Value;

    private IQueryCollection QueryValues { get; } = request.Query;

    public DateTimeOffset Now => Runtime.TimeProvider.GetUtcNow();

    public string? Query(string name) => QueryValues.TryGetValue(name, out var value) ? value.ToString() : null;

    public JsonObject RequireObjectBody() =>
        Body as JsonObject ?? throw ArmErrors.InvalidContent("The request body must be a JSON object.");
}
