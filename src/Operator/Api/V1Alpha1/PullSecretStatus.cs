using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>How far the pull secrets reach, and the state of the credential they carry.</summary>
public sealed class PullSecretStatus
{
    [Description("Name of the Secret written in each namespace.")]
    [JsonPropertyName("secretName")]
    public string? SecretName { get; set; }

    [Description("Number of namespaces that hold an up-to-date Secret.")]
    [Range(0, int.MaxValue)]
    [JsonPropertyName("namespacesServed")]
    public int? NamespacesServed { get; set; }

    [Description("Namespaces where a Secret of that name exists but is not the operator's, so it was left alone; at most the first 50, sorted.")]
    [MaxLength(50)]
    [ListType]
    [JsonPropertyName("conflicts")]
    public IList<string>? Conflicts { get; set; }

    [Description("Number of namespaces where a Secret of that name exists but is not the operator's.")]
    [Range(0, int.MaxValue)]
    [JsonPropertyName("conflictCount")]
    public int? ConflictCount { get; set; }

    [Description("The credential the Secrets carry: Token, AdminUser or EntraToken.")]
    [JsonPropertyName("credential")]
    public PullSecretCredential? Credential { get; set; }

    [Description("When the credential currently in the Secrets expires.")]
    [JsonPropertyName("credentialExpiresAt")]
    public DateTime? CredentialExpiresAt { get; set; }

    [Description("When the credential was last rotated.")]
    [JsonPropertyName("lastRotationTime")]
    public DateTime? LastRotationTime { get; set; }
}
