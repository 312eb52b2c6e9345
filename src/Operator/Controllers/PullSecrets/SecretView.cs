using AcrOperator.Api.V1Alpha1;
using k8s.Models;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>What a pass needs to know of a pull Secret, read from the cache (or from a write the cache does not show yet).</summary>
public sealed record SecretView(string Namespace, string Name, string? Uid, string? ResourceVersion, string? RegistryUid, string Fingerprint, string? CredentialLabel)
{
    public static SecretView Of(V1Secret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var labels = secret.Metadata.Labels;
        var ours = labels?.TryGetValue(LabelNames.ManagedBy, out var manager) == true && manager == LabelNames.ManagedByValue;
        return new SecretView(
            secret.Metadata.NamespaceProperty,
            secret.Metadata.Name,
            secret.Metadata.Uid,
            secret.Metadata.ResourceVersion,
            ours && labels!.TryGetValue(LabelNames.RegistryUid, out var uid) ? uid : null,
            DockerConfigJson.Fingerprint(secret.Data?.TryGetValue(PullSecretResources.DockerConfigKey, out var data) == true ? data : null),
            secret.Metadata.Annotations?.TryGetValue(AnnotationNames.Credential, out var credential) == true ? credential : null);
    }

    /// <summary>Whether the Secret carries the operator's label and this Registry's UID: the only Secrets it changes or deletes.</summary>
    public bool IsOwnedBy(string registryUid) => string.Equals(RegistryUid, registryUid, StringComparison.Ordinal);

    public static bool IsPullSecret(V1Secret secret) =>
        secret?.Metadata.Labels?.TryGetValue(LabelNames.Role, out var role) == true && role == LabelNames.RolePullSecret;
}
