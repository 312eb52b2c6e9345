using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime.Kube;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>The names the pull-secret controller gives and watches: its finalizer, selectors, and the names derived from a Registry.</summary>
public static class PullSecretResources
{
    /// <summary>Apart from the Registry controller's own: either can release its part of a deletion without waiting for the other.</summary>
    public const string Finalizer = GroupVersion.Group + "/pull-secrets";

    /// <summary>The system scope map that allows pulling every repository.</summary>
    public const string PullScopeMap = "_repositories_pull";

    public const string DockerConfigKey = ".dockerconfigjson";

    public const string DockerConfigType = "kubernetes.io/dockerconfigjson";

    /// <summary>The only Secrets the operator watches (and so caches): its own.</summary>
    public static readonly ListOptions OwnSecrets = new($"{LabelNames.ManagedBy}={LabelNames.ManagedByValue}");

    /// <summary>The only ServiceAccounts the operator watches: those it added an imagePullSecrets entry to.</summary>
    public static readonly ListOptions PatchedServiceAccounts = new($"{LabelNames.ImagePullSecrets}={LabelNames.ImagePullSecretsManaged}");

    /// <summary>Namespaces by metadata only: labels and deletion are all the selection needs.</summary>
    public static readonly ListOptions NamespaceMetadata = new(MetadataOnly: true);

    public static string SecretName(Registry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Spec.PullSecret?.SecretName is { Length: > 0 } name ? name : $"{registry.Metadata.Name}-pull";
    }

    /// <summary>The Secret, in the Registry's namespace, that holds the current credential; named by UID so no user name collides.</summary>
    public static string CredentialSecretName(string registryUid) => $"acr-pull-credential-{registryUid}";

    /// <summary>The ACR token of a Registry: named by its UID, so a restart finds the same token and two Registries on one ACR never share one.</summary>
    public static string TokenName(string registryUid) => $"k8s-pull-{registryUid}";

    /// <summary>The ServiceAccount annotation that records the entry added for this Registry.</summary>
    public static string EntryAnnotation(string registryUid) => AnnotationNames.ImagePullSecretEntryPrefix + registryUid;
}
