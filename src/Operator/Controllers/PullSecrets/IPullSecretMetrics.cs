namespace AcrOperator.Controllers.PullSecrets;

/// <summary>What the pull-secret controller reports for metrics, per Registry (<c>namespace/name</c>); the Observability layer implements it.</summary>
public interface IPullSecretMetrics
{
    /// <summary>The Registry's pull Secrets that hold its current credential.</summary>
    void ManagedSecrets(string registry, int count);

    /// <summary>When the credential in the Secrets expires (null: it does not); exported as seconds until then.</summary>
    void CredentialExpiry(string registry, DateTimeOffset? expiresAt);

    void Rotated(string registry, string reason);

    /// <summary>A pass met a problem: an Azure failure, a write failure, or a state that needs a human (the condition reason).</summary>
    void Failed(string registry, string reason);

    /// <summary>The Registry is gone or has no pull secret any more: drop its series.</summary>
    void Forget(string registry);
}
