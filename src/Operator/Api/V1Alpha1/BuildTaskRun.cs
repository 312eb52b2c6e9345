using System.ComponentModel;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>One run of a task, as Azure reports it.</summary>
public sealed class BuildTaskRun
{
    [Description("Azure's id of the run, e.g. ca1.")]
    [JsonPropertyName("runId")]
    public string? RunId { get; set; }

    // A string, not an enum: status is written from Azure's answers, and a value Azure adds later must not
    // make the status update fail validation.
    [Description("Azure's run status: Queued, Started, Running, Succeeded, Failed, Canceled, Error or Timeout.")]
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [Description("When the run started.")]
    [JsonPropertyName("startTime")]
    public DateTime? StartTime { get; set; }

    [Description("When the run finished.")]
    [JsonPropertyName("finishTime")]
    public DateTime? FinishTime { get; set; }

    [Description("Images the run pushed, as loginServer/repository:tag@digest.")]
    [ListType]
    [JsonPropertyName("outputImages")]
    public IList<string>? OutputImages { get; set; }

    [Description("Why the run failed, as Azure reports it.")]
    [JsonPropertyName("errorMessage")]
    public string? ErrorMessage { get; set; }
}
