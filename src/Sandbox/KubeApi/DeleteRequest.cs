namespace AcrOperator.Sandbox.KubeApi;

/// <summary>A DeleteOptions body merged with its query parameters.</summary>
internal sealed record DeleteRequest(
    string? PropagationPolicy = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    bool DryRun = false,
    long? GracePeriodSeconds = null)
{
    public static DeleteRequest Background { get; } = new("Background");
}
