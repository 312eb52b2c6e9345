using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Runs the task on a cron schedule.</summary>
public sealed class TimerTrigger
{
    /// <summary>
    /// Five fields of digits, month and weekday names, <c>*</c>, ranges, lists and steps. Value ranges are checked by
    /// the reconciler, which says which field is out of range; a regular expression for them would be unreadable.
    /// </summary>
    internal const string CronPattern = "^[0-9A-Za-z*/,-]+( +[0-9A-Za-z*/,-]+){4}$";

    [Description("Name of the trigger, unique within the task.")]
    [Required]
    [StringLength(50, MinimumLength = 1)]
    [RegularExpression("^[a-zA-Z0-9-_]+$")]
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [Description("A five-field cron expression, evaluated in UTC, e.g. '0 2 * * *' for 02:00 every day.")]
    [Required]
    [StringLength(100, MinimumLength = 9)]
    [RegularExpression(CronPattern)]
    [JsonPropertyName("schedule")]
    public string Schedule { get; set; } = "";

    [Description("Whether the trigger fires.")]
    [DefaultValue(true)]
    [JsonPropertyName("enabled")]
    public bool? Enabled { get; set; }
}
