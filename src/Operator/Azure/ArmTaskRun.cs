namespace AcrOperator.Azure;

/// <summary>A run of a task, as scheduleRun and GET runs/{runId} report it.</summary>
public sealed record ArmTaskRun
{
    public required string RunId { get; init; }

    /// <summary>Queued, Started, Running, Succeeded, Failed, Canceled, Error or Timeout.</summary>
    public required string Status { get; init; }

    public DateTimeOffset? CreateTime { get; init; }

    public DateTimeOffset? StartTime { get; init; }

    public DateTimeOffset? FinishTime { get; init; }

    /// <summary>Pushed images as <c>registry/repository:tag@digest</c>.</summary>
    public IReadOnlyList<string> OutputImages { get; init; } = [];

    public string? ErrorMessage { get; init; }

    /// <summary>Whether Azure is done with the run: any status but Queued, Started and Running.</summary>
    public bool IsFinished => !IsActive(Status);

    /// <summary>The statuses a run leaves; a status Azure adds later counts as final, so polling always ends.</summary>
    public static bool IsActive(string? status) => status is "Queued" or "Started" or "Running";
}
