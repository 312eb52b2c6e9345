using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>The task wanted in Azure, and when the operator itself schedules runs of it.</summary>
[CelRule("has(self.azureName) == has(oldSelf.azureName)", Message = "azureName cannot be added or removed after creation", FieldPath = ".azureName")]
public sealed class BuildTaskSpec
{
    [Description("The registry the task belongs to and pushes to: a Registry in this namespace by name, or any registry by ARM id. Immutable.")]
    [Required]
    [CelRule("self == oldSelf", Message = "registryRef is immutable")]
    [JsonPropertyName("registryRef")]
    public RegistryRef RegistryRef { get; set; } = new();

    [Description("Name of the task in Azure, unique within the registry. Default: metadata.name without dots. Immutable.")]
    [StringLength(50, MinimumLength = 5)]
    [RegularExpression("^[a-zA-Z0-9-_]+$")]
    [CelRule("self == oldSelf", Message = "azureName is immutable")]
    [JsonPropertyName("azureName")]
    public string? AzureName { get; set; }

    [Description("The platform the task builds for and runs on.")]
    [Required]
    [JsonPropertyName("platform")]
    public BuildTaskPlatform Platform { get; set; } = new();

    [Description("CPU cores of the agent that runs the task. Absent: Azure's default (2).")]
    [Range(1, int.MaxValue)]
    [JsonPropertyName("agentCpu")]
    public int? AgentCpu { get; set; }

    [Description("Seconds a run may take before Azure stops it.")]
    [Range(300, 28800)]
    [DefaultValue(3600)]
    [JsonPropertyName("timeoutSeconds")]
    public int? TimeoutSeconds { get; set; }

    [Description("What the task does: exactly one of docker, encoded or file.")]
    [Required]
    [JsonPropertyName("step")]
    public BuildTaskStep Step { get; set; } = new();

    [Description("What starts runs besides on-demand requests: source, base image and timer triggers.")]
    [JsonPropertyName("triggers")]
    public BuildTaskTriggers? Triggers { get; set; }

    [Description("Credentials for registries other than the task's own, which its steps pull from or push to.")]
    [MaxLength(10)]
    [ListType("loginServer")]
    [JsonPropertyName("customRegistries")]
    public IList<CustomRegistryCredential>? CustomRegistries { get; set; }

    [Description("Whether the task runs at all; false keeps it in Azure but disables it and its triggers.")]
    [DefaultValue(true)]
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }

    [Description("Whether the operator schedules a run each time this spec changes (a new metadata.generation). The annotation acr.operator.dev/run-requested-at schedules one on demand.")]
    [DefaultValue(false)]
    [JsonPropertyName("runOnChange")]
    public bool? RunOnChange { get; set; }

    [Description("Azure tags on the task: at most 50, names up to 512 characters, values up to 256.")]
    [MaxLength(50)]
    [Items(MaxLength = 256)]
    [CelRule("self.all(k, size(k) <= 512)", Message = "tag names are at most 512 characters")]
    [JsonPropertyName("tags")]
    public IDictionary<string, string>? Tags { get; set; }

    [Description("Delete (default) deletes the task in Azure with this resource; Orphan leaves it.")]
    [DefaultValue(V1Alpha1.DeletionPolicy.Delete)]
    [JsonPropertyName("deletionPolicy")]
    public DeletionPolicy? DeletionPolicy { get; set; }

    [Description(SharedDescriptions.CredentialsRef)]
    [JsonPropertyName("credentialsRef")]
    public SecretRef? CredentialsRef { get; set; }
}
