using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>
/// An Azure long-running operation in flight. It lives in status so that a restarted operator resumes
/// polling it instead of sending the write a second time.
/// </summary>
public sealed class AzureOperationStatus
{
    [Description("What the operation does: Create, Update or Delete.")]
    [Required]
    [JsonPropertyName("kind")]
    public AzureOperationKind Kind { get; set; }

    [Description("The URL to poll for the operation's outcome.")]
    [Required]
    [StringLength(2048, MinimumLength = 1)]
    [JsonPropertyName("url")]
    public string Url { get; set; } = "";

    [Description("The response header the URL came from, which decides how poll responses are read.")]
    [Required]
    [JsonPropertyName("header")]
    public AzureOperationHeader Header { get; set; }

    [Description("When the operation was started.")]
    [Required]
    [JsonPropertyName("startedAt")]
    public DateTime? StartedAt { get; set; }
}
