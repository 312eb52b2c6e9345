using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// The webhook wanted in Azure. Its URI and headers live in Secrets because they often carry tokens;
/// Azure never returns them on GET, so drift on them is found through getCallbackConfig.
/// </summary>
[CelRule("has(self.azureName) == has(oldSelf.azureName)", Message = "azureName cannot be added or removed after creation", FieldPath = ".azureName")]
public sealed class WebhookSpec
{
    [Description("The registry the webhook belongs to: a Registry in this namespace by name, or any registry by ARM id. Immutable.")]
    [Required]
    [CelRule("self == oldSelf", Message = "registryRef is immutable")]
    [JsonPropertyName("registryRef")]
    public RegistryRef RegistryRef { get; set; } = new();

    [Description("Name of the webhook in Azure, unique within the registry. Default: metadata.name without dashes. Immutable.")]
    [StringLength(50, MinimumLength = 5)]
    [RegularExpression(ValidationPatterns.AzureAlphanumericName)]
    [CelRule("self == oldSelf", Message = "azureName is immutable")]
    [JsonPropertyName("azureName")]
    public string? AzureName { get; set; }

    [Description("The Secret key holding the URI Azure calls, e.g. https://ci.example.com/hooks/acr?token=...")]
    [Required]
    [JsonPropertyName("serviceUriSecretRef")]
    public SecretKeyRef ServiceUriSecretRef { get; set; } = new();

    [Description("A Secret whose every key is an HTTP header name and every value that header's value, sent with each call.")]
    [JsonPropertyName("customHeadersSecretRef")]
    public SecretRef? CustomHeadersSecretRef { get; set; }

    [Description("The registry events that fire the webhook: push, delete, quarantine, chart_push, chart_delete.")]
    [Required]
    [MinLength(1)]
    [MaxLength(5)]
    [ListType]
    [JsonPropertyName("actions")]
    public IList<WebhookAction> Actions { get; set; } = [];

    [Description("Repositories and tags that fire the webhook: 'repo:tag', 'repo:*', or 'repo' (meaning repo:latest). Absent: every repository.")]
    [StringLength(256)]
    [JsonPropertyName("scope")]
    public string? Scope { get; set; }

    [Description("Whether the webhook fires.")]
    [DefaultValue(true)]
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }

    [Description("Azure tags on the webhook: at most 50, names up to 512 characters, values up to 256.")]
    [MaxLength(50)]
    [Items(MaxLength = 256)]
    [CelRule("self.all(k, size(k) <= 512)", Message = "tag names are at most 512 characters")]
    [JsonPropertyName("tags")]
    public IDictionary<string, string>? Tags { get; set; }

    [Description("Delete (default) deletes the webhook in Azure with this resource; Orphan leaves it.")]
    [DefaultValue(V1Alpha1.DeletionPolicy.Delete)]
    [JsonPropertyName("deletionPolicy")]
    public DeletionPolicy? DeletionPolicy { get; set; }

    [Description(SharedDescriptions.CredentialsRef)]
    [JsonPropertyName("credentialsRef")]
    public SecretRef? CredentialsRef { get; set; }
}
