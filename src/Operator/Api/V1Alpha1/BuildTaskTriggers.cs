using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>What starts a task's runs besides on-demand requests.</summary>
public sealed class BuildTaskTriggers
{
    [Description("Runs on commits or pull requests to a repository.")]
    [MaxLength(10)]
    [ListType("name")]
    [JsonPropertyName("sourceTriggers")]
    public IList<SourceTrigger>? SourceTriggers { get; set; }

    [Description("Runs when a base image of the build is updated.")]
    [JsonPropertyName("baseImageTrigger")]
    public BaseImageTrigger? BaseImageTrigger { get; set; }

    [Description("Runs on cron schedules.")]
    [MaxLength(10)]
    [ListType("name")]
    [JsonPropertyName("timerTriggers")]
    public IList<TimerTrigger>? TimerTriggers { get; set; }
}
