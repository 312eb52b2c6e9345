using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;
using k8s.Models;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// Image pull secrets for the registry: one credential, fanned out as a
/// <c>kubernetes.io/dockerconfigjson</c> Secret into every selected namespace.
/// </summary>
public sealed class PullSecretSpec
{
    [Description("Name of the Secret written in each namespace. Default: <registry resource name>-pull.")]
    [StringLength(253, MinimumLength = 1)]
    [RegularExpression(ValidationPatterns.Dns1123Subdomain)]
    [JsonPropertyName("secretName")]
    public string? SecretName { get; set; }

    [Description("Namespaces that get the Secret, by label. Absent: only this Registry's namespace; an empty selector selects every namespace. Other namespaces are served only for Registries in namespaces the operator trusts, and a namespace labelled acr.operator.dev/pull-secrets=disabled is always left out.")]
    [JsonPropertyName("namespaces")]
    public V1LabelSelector? Namespaces { get; set; }

    [Description("Service accounts, in every served namespace, whose imagePullSecrets get the Secret.")]
    [MaxLength(20)]
    [ListType]
    [Items(Pattern = ValidationPatterns.Dns1123Subdomain, MinLength = 1, MaxLength = 253)]
    [JsonPropertyName("serviceAccounts")]
    public IList<string>? ServiceAccounts { get; set; }

    [Description("The credential in the Secret: Token (a pull-only repository-scoped token, rotated), AdminUser (needs adminUserEnabled) or EntraToken (an ACR refresh token from the operator's Entra ID identity).")]
    [DefaultValue(PullSecretCredential.Token)]
    [JsonPropertyName("credential")]
    public PullSecretCredential? Credential { get; set; }
}
