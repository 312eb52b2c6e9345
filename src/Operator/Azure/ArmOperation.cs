using System.Text.Json;

namespace AcrOperator.Azure;

/// <summary>
/// A pending long-running operation: everything needed to poll it later, from any client instance, so it can
/// be kept in a resource's <c>status.operation</c> and resumed after a restart instead of writing twice.
/// </summary>
/// <param name="Method">The HTTP method that started it (PUT, PATCH, DELETE or POST); it decides how the result is read.</param>
/// <param name="ResourceId">The resource written; read after an <c>Azure-AsyncOperation</c> PUT/PATCH succeeds.</param>
public sealed record ArmOperation(ArmOperationKind Kind, string Method, string ResourceId, Uri PollingUrl, DateTimeOffset StartedAt)
{
    public string ToJson() => JsonSerializer.Serialize(this, ArmJsonContext.Default.ArmOperation);

    public static ArmOperation FromJson(string json) =>
        JsonSerializer.Deserialize(json, ArmJsonContext.Default.ArmOperation) ?? throw new JsonException("An ARM operation token must be a JSON object.");
}
