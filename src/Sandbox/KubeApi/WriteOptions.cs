namespace AcrOperator.Sandbox.KubeApi;

/// <summary>The query options of a write: fieldManager, fieldValidation (Ignore, Warn or Strict; Warn when absent), dryRun and force.</summary>
internal sealed record WriteOptions(string FieldManager, string FieldValidation = "Warn", bool DryRun = false, bool Force = false)
{
    public static WriteOptions Controller { get; } = new("kube-controller-manager", "Ignore");
}
