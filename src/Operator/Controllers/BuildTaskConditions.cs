namespace AcrOperator.Controllers;

/// <summary>
/// What only BuildTasks report: the <see cref="Succeeded"/> condition, the outcome of the last run beside Ready (which
/// says only that the task in Azure matches the spec), in the Tekton style GitOps tools know; and the reasons of
/// its conditions and run events.
/// </summary>
public static class BuildTaskConditions
{
    /// <summary>Condition type: True when the last run succeeded, False when it failed, Unknown while it runs.</summary>
    public const string Succeeded = "Succeeded";

    /// <summary>Condition reason: a timer trigger's schedule is not a cron schedule ACR accepts.</summary>
    public const string InvalidSchedule = "InvalidSchedule";

    /// <summary>Condition and event reason: a run was scheduled and has not ended.</summary>
    public const string RunStarted = "RunStarted";

    public const string RunSucceeded = "RunSucceeded";

    /// <summary>The run ended in Failed, Canceled, Error, Timeout, or a status Azure added later.</summary>
    public const string RunFailed = "RunFailed";

    /// <summary>A run was asked for (runOnChange or the annotation) and could not be started; the request counts as handled.</summary>
    public const string RunNotStarted = "RunNotStarted";
}
