using System.ComponentModel.DataAnnotations;

namespace AcrOperator.Runtime.Controllers;

public sealed class ControllerOptions
{
    /// <summary>Keys reconciled in parallel; one key is never reconciled by two workers at once.</summary>
    [Range(1, 64)]
    public int MaxConcurrentReconciles { get; set; } = 2;

    /// <summary>How long shutdown waits for in-flight reconciles before cancelling them.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMilliseconds(750);

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(15);
}
