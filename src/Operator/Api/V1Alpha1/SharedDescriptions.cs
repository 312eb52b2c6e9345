namespace AcrOperator.Api.V1Alpha1;

/// <summary>Schema descriptions of fields every kind has, written once so the four CRDs say the same.</summary>
internal static class SharedDescriptions
{
    /// <summary>The keys are those <c>AzureCredentialsResolver</c> reads.</summary>
    public const string CredentialsRef =
        "A Secret in this namespace holding the Azure identity to use: keys tenantId and clientId, and either clientSecret "
        + "(a service principal's secret) or workloadIdentity: \"true\" (sign in as clientId with the operator's federated "
        + "service-account token, which that identity must trust). Absent: the namespace's Secret acr-operator-credentials "
        + "if present, else the operator's own identity. The Secret is read on each reconcile, not watched.";
}
