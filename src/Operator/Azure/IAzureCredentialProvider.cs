namespace AcrOperator.Azure;

/// <summary>
/// The identities the operator acts as. The controllers resolve a resource's <c>credentialsRef</c> (or the
/// namespace's default Secret) to an <see cref="AzureServicePrincipal"/> themselves, since this folder knows
/// nothing of Kubernetes, and turn it into an identity here.
/// </summary>
public interface IAzureCredentialProvider
{
    /// <summary>
    /// The operator's own identity (workload identity, the default chain, or the sandbox's static token); null when it
    /// has none (<see cref="AzureCredentialMode.None"/>).
    /// </summary>
    AzureIdentity? OperatorIdentity { get; }

    /// <summary>
    /// The operator pod's federated token file (workload identity), or null when it has none. Principals federated
    /// with the operator's service account sign in with it.
    /// </summary>
    string? FederatedTokenFile { get; }

    /// <summary>An identity for an explicit principal; <paramref name="source"/> and <paramref name="version"/> say where it was read.</summary>
    AzureIdentity FromServicePrincipal(string source, string version, AzureServicePrincipal principal);
}
