using System.Net;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Arm.Resources;

/// <summary>What an operation answers: status, JSON body (none when null) and headers.</summary>
internal sealed class ArmResult(HttpStatusCode status, JsonNode? body = null)
{
    public HttpStatusCode Status { get; } = status;

    public JsonNode? Body { get; } = body;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static ArmResult Ok(JsonNode? body) => new(HttpStatusCode.OK, body);
}
