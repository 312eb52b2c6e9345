using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Runs the task on commits or pull requests to a repository branch.</summary>
public sealed class SourceTrigger
{
    [Description("Name of the trigger, unique within the task.")]
    [Required]
    [StringLength(50, MinimumLength = 1)]
    [RegularExpression("^[a-zA-Z0-9-_]+$")]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [Description("Where the repository is hosted: Github or VisualStudioTeamService.")]
    [DefaultValue(V1Alpha1.SourceControlType.Github)]
    [JsonPropertyName("sourceControlType")]
    public SourceControlType? SourceControlType { get; set; }

    [Description("HTTPS URL of the repository, e.g. https://github.com/contoso/payments-api.git.")]
    [Required]
    [StringLength(2048, MinimumLength = 9)]
    [RegularExpression("^https://.+$")]
    [JsonPropertyName("repositoryUrl")]
    public string RepositoryUrl { get; set; } = "";

    [Description("The branch to watch. Absent: the repository's default branch.")]
    [StringLength(255)]
    [JsonPropertyName("branch")]
    public string? Branch { get; set; }

    [Description("The events that start a run: commit, pullrequest.")]
    [Required]
    [MinLength(1)]
    [MaxLength(2)]
    [ListType]
    [JsonPropertyName("events")]
    public IList<SourceTriggerEvent> Events { get; set; } = [];

    [Description("A Secret key holding the token Azure uses to register the repository webhook (e.g. a GitHub PAT with repo scope).")]
    [JsonPropertyName("tokenSecretRef")]
    public SecretKeyRef? TokenSecretRef { get; set; }

    [Description("Whether the trigger fires.")]
    [DefaultValue(true)]
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }
}
