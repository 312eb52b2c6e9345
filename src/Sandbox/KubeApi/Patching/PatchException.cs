namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>A patch that cannot be applied; <see cref="StatusCode"/> is what the API server answers (400, 409 or 422).</summary>
public sealed class PatchException : Exception
{
    public PatchException()
    {
    }

    public PatchException(string message)
        : base(message)
    {
    }

    public PatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PatchException(int statusCode, string reason, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Reason = reason;
    }

    public int StatusCode { get; } = 422;

    /// <summary>The Status reason: BadRequest, Invalid, Conflict.</summary>
    public string Reason { get; } = "Invalid";

    /// <summary>The Status details' causes, as apply conflicts list one per field (reason, message, field).</summary>
    public System.Text.Json.Nodes.JsonArray? Causes { get; init; }
}
