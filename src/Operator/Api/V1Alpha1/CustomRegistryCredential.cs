using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// How a task signs in to a registry other than its own (to pull a base image or push elsewhere). The password lives
/// in a Secret and goes to Azure as a secret, which Azure never returns on GET.
/// </summary>
public sealed class CustomRegistryCredential
{
    [Description("Login server of the registry, e.g. contosoimages.azurecr.io or docker.io.")]
    [Required]
    [StringLength(253, MinimumLength = 3)]
    [RegularExpression(@"^[a-zA-Z0-9]([-a-zA-Z0-9.]*[a-zA-Z0-9])?(:[0-9]+)?$")]
    [JsonPropertyName("loginServer")]
    public string LoginServer { get; set; } = "";

    [Description("The user name to sign in with.")]
    [Required]
    [StringLength(256, MinimumLength = 1)]
    [JsonPropertyName("userName")]
    public string UserName { get; set; } = "";

    [Description("A Secret key holding the password or token to sign in with.")]
    [Required]
    [JsonPropertyName("passwordSecretRef")]
    public SecretKeyRef PasswordSecretRef { get; set; } = new();
}
