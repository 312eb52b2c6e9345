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

    /// <summary>On a Secret the operator wrote, what it is: <see cref="RolePullSecret"/> or <see cref="RolePullCredential"/>.</summary>
    public const string Role = GroupVersion.Group + "/role";

    /// <summary>A <c>kubernetes.io/dockerconfigjson</c> Secret fanned out to a namespace.</summary>
    public const string RolePullSecret = "pull-secret";

    /// <summary>The one Secret per Registry, in its namespace, holding the current registry credential and its rotation state.</summary>
    public const string RolePullCredential = "pull-credential";

    /// <summary>
    /// On a ServiceAccount whose <c>imagePullSecrets</c> the operator added an entry to, the value <see cref="ImagePullSecretsManaged"/>:
    /// the operator watches ServiceAccounts through this label only. Which entries are the operator's is in the
    /// <see cref="AnnotationNames.ImagePullSecretEntryPrefix"/> annotations; <see cref="ManagedBy"/> is not set, since the
    /// ServiceAccount itself belongs to someone else (Helm, for one, checks that label).
    /// </summary>
    public const string ImagePullSecrets = GroupVersion.Group + "/image-pull-secrets";

    public const string ImagePullSecretsManaged = "managed";
}
