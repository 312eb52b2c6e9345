using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// The replication wanted in Azure. It is named after its location, as Azure names the home replication,
/// so it has no azureName of its own.
/// </summary>
public sealed class ReplicationSpec
{
    [Description("The registry to replicate: a Registry in this namespace by name, or any registry by ARM id. It must be Premium. Immutable.")]
    [Required]
    [CelRule("self == oldSelf", Message = "registryRef is immutable")]
    [JsonPropertyName("registryRef")]
    public RegistryRef RegistryRef { get; set; } = new();

    [Description("Azure region of the replica, as a programmatic name such as northeurope; not the registry's own region. Immutable.")]
    [Required]
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression(ValidationPatterns.AzureLocation)]
    [CelRule("self == oldSelf", Message = "location is immutable")]
    [JsonPropertyName("location")]
    public string Location { get; set; } = "";

    [Description("Whether the regional endpoint serves traffic; false drains the region without deleting the replica.")]
    [DefaultValue(true)]
    [JsonPropertyName("regionEndpointEnabled")]
    public bool? RegionEndpointEnabled { get; set; }

    [Description("Whether the replica spans availability zones: Enabled or Disabled. Azure fixes it at creation, so it cannot change afterwards.")]
    [DefaultValue(V1Alpha1.ZoneRedundancy.Disabled)]
    [CelRule("self == oldSelf", Message = "zoneRedundancy is fixed when the replication is created")]
    [JsonPropertyName("zoneRedundancy")]
    public ZoneRedundancy? ZoneRedundancy { get; set; }

    [Description("Azure tags on the replication: at most 50, names up to 512 characters, values up to 256.")]
    [MaxLength(50)]
    [Items(MaxLength = 256)]
    [CelRule("self.all(k, size(k) <= 512)", Message = "tag names are at most 512 characters")]
    [JsonPropertyName("tags")]
    public IDictionary<string, string>? Tags { get; set; }

    [Description("Delete (default) deletes the replication in Azure with this resource; Orphan leaves it.")]
    [DefaultValue(V1Alpha1.DeletionPolicy.Delete)]
    [JsonPropertyName("deletionPolicy")]
    public DeletionPolicy? DeletionPolicy { get; set; }

    [Description(SharedDescriptions.CredentialsRef)]
    [JsonPropertyName("credentialsRef")]
    public SecretRef? CredentialsRef { get; set; }
}
