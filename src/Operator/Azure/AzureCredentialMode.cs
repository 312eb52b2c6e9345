namespace AcrOperator.Azure;

/// <summary>Where the operator's own Azure identity comes from.</summary>
public enum AzureCredentialMode
{
    /// <summary>Workload identity when the pod has a federated token (<c>AZURE_FEDERATED_TOKEN_FILE</c>), else the default chain.</summary>
    Auto,

    /// <summary>Azure.Identity's <c>WorkloadIdentityCredential</c> (AKS workload identity).</summary>
    WorkloadIdentity,

    /// <summary>Azure.Identity's <c>DefaultAzureCredential</c> chain (environment, managed identity, CLI...).</summary>
    DefaultChain,

    /// <summary>A fixed bearer token from configuration; only the sandbox's emulator accepts such tokens.</summary>
    StaticToken,

    /// <summary>
    /// No identity of its own: every resource must bring credentials (its <c>credentialsRef</c>, or its namespace's
    /// default Secret). For clusters shared by teams, where a namespace without credentials must not act as the operator.
    /// </summary>
    None,
}
