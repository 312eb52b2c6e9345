namespace AcrOperator.Runtime.Status;

/// <summary>The kstatus condition types that kubectl wait, Flux and Argo CD understand without help.</summary>
public static class ConditionTypes
{
    /// <summary>The summary: the resource is what its spec asks for.</summary>
    public const string Ready = "Ready";

    /// <summary>Work is in progress, e.g. an Azure operation is pending.</summary>
    public const string Reconciling = "Reconciling";

    /// <summary>Progress needs a human: invalid spec, permission denied, quota.</summary>
    public const string Stalled = "Stalled";
}
