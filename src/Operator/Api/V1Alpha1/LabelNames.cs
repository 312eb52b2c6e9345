namespace AcrOperator.Api.V1Alpha1;

/// <summary>Labels the operator reads on namespaces and writes on the objects it owns.</summary>
public static class LabelNames
{
    /// <summary>
    /// On a Namespace, the value <see cref="PullSecretsDisabled"/> opts it out of every Registry's pull
    /// secret, whatever the Registry's namespace selector says.
    /// </summary>
    public const string PullSecrets = GroupVersion.Group + "/pull-secrets";

    public const string PullSecretsDisabled = "disabled";

    /// <summary>The standard label that marks objects the operator wrote and may therefore change or delete.</summary>
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "acr-operator";

    /// <summary>On a pull Secret, the UID of the Registry it was written for, to tell two Registries' Secrets apart.</summary>
    public const string RegistryUid = GroupVersion.Group + "/registry-uid";
}
