using AcrOperator.Api.V1Alpha1;
using k8s.Models;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// What a pass needs to know of a pull Secret, read from the cache (or from a write the cache does not show yet).
/// <see cref="Content"/> is the <c>.dockerconfigjson</c>, copied out of the cache and never changed.
/// </summary>
public sealed record SecretView(string Namespace, string Name, string? Uid, string? ResourceVersion, string? RegistryUid, byte[]? Content, string? CredentialLabel)
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
            secret.Data?.TryGetValue(PullSecretResources.DockerConfigKey, out var data) == true ? [.. data] : null,
            secret.Metadata.Annotations?.TryGetValue(AnnotationNames.Credential, out var credential) == true ? credential : null);
    }

    /// <summary>Whether the Secret carries the operator's label and this Registry's UID: the only Secrets it changes or deletes.</summary>
    public bool IsOwnedBy(string registryUid) => string.Equals(RegistryUid, registryUid, StringComparison.Ordinal);

    /// <summary>Whether it holds exactly this <c>.dockerconfigjson</c> (a byte comparison: cheap enough for every Secret on every pass).</summary>
    public bool Holds(byte[] dockerConfig) => Content is not null && Content.AsSpan().SequenceEqual(dockerConfig);

    public static bool IsPullSecret(V1Secret secret) =>
        secret?.Metadata.Labels?.TryGetValue(LabelNames.Role, out var role) == true && role == LabelNames.RolePullSecret;
}
