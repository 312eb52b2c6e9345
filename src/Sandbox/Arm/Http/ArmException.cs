using System.Net;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Arm.Http;

/// <summary>An ARM error: becomes a non-2xx response with an <c>ErrorResponse</c> body.</summary>
internal sealed class ArmException(HttpStatusCode status, string code, string message, string? target = null) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public string Code { get; } = code;

    public string? Target { get; } = target;

    /// <summary>Extra response headers, such as <c>Retry-After</c> on 429 and 503.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public JsonObject ToBody()
    {
        var error = new JsonObject { ["code"] = Code, ["message"] = Message };
        if (Target is not null)
        {
            error["target"] = Target;
        }

        return new JsonObject { ["error"] = error };
    }
}
