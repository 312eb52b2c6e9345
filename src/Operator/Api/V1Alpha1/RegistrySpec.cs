using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The registry wanted in Azure, and its pull secrets.</summary>
// Optional fields that name the Azure resource may be neither added nor removed after creation: the
// operator derives a default for them, so either change could silently point at another resource.
[CelRule("has(self.azureName) == has(oldSelf.azureName)", Message = "azureName cannot be added or removed after creation", FieldPath = ".azureName")]
[CelRule("has(self.subscriptionId) == has(oldSelf.subscriptionId)", Message = "subscriptionId cannot be added or removed after creation", FieldPath = ".subscriptionId")]
// Azure turns customer-managed-key encryption on only when it creates a registry, and never off.
[CelRule(
    "(has(self.encryption) && self.encryption.status == 'enabled') == (has(oldSelf.encryption) && oldSelf.encryption.status == 'enabled')",
    Message = "customer-managed-key encryption is set at creation and cannot be turned on or off later",
    FieldPath = ".encryption.status")]
[CelRule(
    "!has(self.pullSecret) || !has(self.pullSecret.credential) || self.pullSecret.credential != 'AdminUser' || (has(self.adminUserEnabled) && self.adminUserEnabled)",
    Message = "pullSecret.credential AdminUser needs adminUserEnabled: true",
    FieldPath = ".pullSecret.credential")]
public sealed class RegistrySpec
{
    [Description("Name of the registry in Azure, globally unique: it becomes <azureName>.azurecr.io. Default: metadata.name without dashes. Immutable.")]
    [StringLength(50, MinimumLength = 5)]
    [RegularExpression(ValidationPatterns.AzureAlphanumericName)]
    [CelRule("self == oldSelf", Message = "azureName is immutable")]
    [JsonPropertyName("azureName")]
    public string? AzureName { get; set; }

    [Description("Azure subscription id. Default: the operator's configured subscription. Immutable.")]
    [RegularExpression(ValidationPatterns.Guid)]
    [CelRule("self == oldSelf", Message = "subscriptionId is immutable")]
    [JsonPropertyName("subscriptionId")]
    public string? SubscriptionId { get; set; }

    [Description("Resource group of the registry; it must exist. Immutable.")]
    [Required]
    [StringLength(90, MinimumLength = 1)]
    [RegularExpression(@"^[-\w._()]*[-\w_()]$")]
    [CelRule("self == oldSelf", Message = "resourceGroup is immutable")]
    [JsonPropertyName("resourceGroup")]
    public string ResourceGroup { get; set; } = "";

    [Description("Azure region of the registry (its home replication), as a programmatic name such as westeurope. Immutable.")]
    [Required]
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression(ValidationPatterns.AzureLocation)]
    [CelRule("self == oldSelf", Message = "location is immutable")]
    [JsonPropertyName("location")]
    public string Location { get; set; } = "";

    [Description("Service tier: Basic, Standard or Premium. Features a tier lacks are reported in a condition.")]
    [DefaultValue(RegistrySku.Basic)]
    [JsonPropertyName("sku")]
    public RegistrySku? Sku { get; set; }

    [Description("Whether the admin user (username and two passwords) is enabled.")]
    [DefaultValue(false)]
    [JsonPropertyName("adminUserEnabled")]
    public bool? AdminUserEnabled { get; set; }

    [Description("Whether the public endpoint accepts connections: Enabled or Disabled (private endpoints only).")]
    [DefaultValue(V1Alpha1.PublicNetworkAccess.Enabled)]
    [JsonPropertyName("publicNetworkAccess")]
    public PublicNetworkAccess? PublicNetworkAccess { get; set; }

    [Description("Whether the registry spans availability zones: Enabled or Disabled (Premium). Azure fixes it at creation, so it cannot change afterwards.")]
    [DefaultValue(V1Alpha1.ZoneRedundancy.Disabled)]
    [CelRule("self == oldSelf", Message = "zoneRedundancy is fixed when the registry is created")]
    [JsonPropertyName("zoneRedundancy")]
    public ZoneRedundancy? ZoneRedundancy { get; set; }

    [Description("Whether dedicated per-region data endpoints serve layer downloads (Premium).")]
    [DefaultValue(false)]
    [JsonPropertyName("dataEndpointEnabled")]
    public bool? DataEndpointEnabled { get; set; }

    [Description("Whether anyone may pull without credentials (Standard and Premium).")]
    [DefaultValue(false)]
    [JsonPropertyName("anonymousPullEnabled")]
    public bool? AnonymousPullEnabled { get; set; }

    [Description("Firewall rules for the public endpoint (Premium). Absent: left as Azure has it.")]
    [JsonPropertyName("networkRuleSet")]
    public NetworkRuleSet? NetworkRuleSet { get; set; }

    [Description("Content policies: quarantine, trust, retention and export. Absent: left as Azure has them.")]
    [JsonPropertyName("policies")]
    public RegistryPolicies? Policies { get; set; }

    [Description("Managed identities of the registry.")]
    [JsonPropertyName("identity")]
    public RegistryIdentity? Identity { get; set; }

    [Description("Encryption at rest with a customer-managed key (Premium); can only be chosen at creation.")]
    [JsonPropertyName("encryption")]
    public RegistryEncryption? Encryption { get; set; }

    [Description("Azure tags on the registry: at most 50, names up to 512 characters, values up to 256.")]
    [MaxLength(50)]
    [Items(MaxLength = 256)]
    [CelRule("self.all(k, size(k) <= 512)", Message = "tag names are at most 512 characters")]
    [JsonPropertyName("tags")]
    public IDictionary<string, string>? Tags { get; set; }

    [Description("Image pull secrets for this registry, kept fresh in the selected namespaces. Absent: none are written.")]
    [JsonPropertyName("pullSecret")]
    public PullSecretSpec? PullSecret { get; set; }

    [Description("Delete (default) deletes the registry in Azure with this resource; Orphan leaves it.")]
    [DefaultValue(V1Alpha1.DeletionPolicy.Delete)]
    [JsonPropertyName("deletionPolicy")]
    public DeletionPolicy? DeletionPolicy { get; set; }

    [Description(SharedDescriptions.CredentialsRef)]
    [JsonPropertyName("credentialsRef")]
    public SecretRef? CredentialsRef { get; set; }
}
