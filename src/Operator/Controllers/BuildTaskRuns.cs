using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Events;
using AcrOperator.Runtime.Status;

namespace AcrOperator.Controllers;

/// <summary>
/// A BuildTask's runs: one scheduled per new generation (<c>spec.runOnChange</c>) and per new value of
/// <see cref="AnnotationNames.RunRequestedAt"/>, each request marked handled in the same status write that records the
/// run; the run in <c>status.lastRun</c> is polled on later passes, never waited for, so a restarted operator goes
/// on polling it instead of starting another. Each start and end is an Event and moves the
/// <see cref="BuildTaskConditions.Succeeded"/> condition.
/// </summary>
public sealed class BuildTaskRuns
{
    private readonly AzureReconcilerServices _services;

    public BuildTaskRuns(AzureReconcilerServices services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <summary>
    /// Polls the run in progress, or starts one that is asked for once the task matches the spec; returns
    /// <paramref name="converged"/>, sooner when a run is to be polled.
    /// </summary>
    public async Task<ReconcileResult> AdvanceAsync(AzurePass<BuildTask, BuildTaskStatus> pass, ArmRegistryChildId task, IArmTaskClient tasks, ReconcileResult converged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(tasks);
        var status = pass.Status;
        if (status.LastRun is { RunId: { } runId } last && ArmTaskRun.IsActive(last.Status))
        {
            return Sooner(converged, await PollAsync(pass, task, tasks, runId, cancellationToken));
        }

        var ready = Conditions.IsTrue(status.Conditions, ConditionTypes.Ready) && status.ObservedGeneration == pass.Generation && status.Operation is null;
        var onChange = pass.Resource.Spec.RunOnChange == true && status.LastRunOnChangeGeneration != pass.Generation;
        var requested = pass.Annotation(AnnotationNames.RunRequestedAt) is { } value && value != status.LastHandledRunRequest ? value : null;
        if (!ready || (!onChange && requested is null))
        {
            return converged;
        }

        ArmTaskRun? run = null;
        if (pass.Resource.Spec.Enabled == false)
        {
            pass.ReportFailure(BuildTaskConditions.RunNotStarted, $"A run of task {task.Name} was asked for, but the task is disabled; set spec.enabled to true and ask again.");
        }
        else
        {
            try
            {
                run = await tasks.ScheduleRunAsync(task, cancellationToken);
            }
            catch (ArmRequestException e) when (e.Kind is ArmErrorKind.Terminal or ArmErrorKind.NotFound)
            {
                // Refused for good: the request is handled (a Warning says why), so it never retries in a loop.
                pass.ReportFailure(BuildTaskConditions.RunNotStarted, $"Azure refused to run task {task.Name}: {e.Error.Code}: {e.Error.Message}");
            }
        }

        // Marked only now: a throttled or transient failure above leaves the request pending, to be tried again.
        status.LastRunOnChangeGeneration = onChange ? pass.Generation : status.LastRunOnChangeGeneration;
        status.LastHandledRunRequest = requested ?? status.LastHandledRunRequest;
        if (run is null)
        {
            return converged;
        }

        Record(status, run);
        _services.Events.Record(pass.Resource, EventType.Normal, BuildTaskConditions.RunStarted, $"Started run {run.RunId} of task {task.Name}{Why(onChange, requested)}");
        SetSucceeded(pass, Conditions.Unknown, BuildTaskConditions.RunStarted, $"Run {run.RunId} is {run.Status}.");
        return Sooner(converged, ReconcileResult.After(_services.Polls.MinInterval));
    }

    private async Task<ReconcileResult> PollAsync(AzurePass<BuildTask, BuildTaskStatus> pass, ArmRegistryChildId task, IArmTaskClient tasks, string runId, CancellationToken cancellationToken)
    {
        var run = await tasks.GetRunAsync(task.Registry, runId, cancellationToken)
            ?? new ArmTaskRun { RunId = runId, Status = "Unknown", ErrorMessage = $"Azure no longer has run {runId}." };
        Record(pass.Status, run);
        if (!run.IsFinished)
        {
            SetSucceeded(pass, Conditions.Unknown, BuildTaskConditions.RunStarted, $"Run {run.RunId} is {run.Status}.");
            return ReconcileResult.After(_services.Polls.Next(run.StartTime ?? run.CreateTime ?? pass.Now, retryAfter: null));
        }

        if (run.Status == "Succeeded")
        {
            var images = run.OutputImages.Count == 0 ? "no images" : string.Join(", ", run.OutputImages);
            _services.Events.Record(pass.Resource, EventType.Normal, BuildTaskConditions.RunSucceeded, $"Run {run.RunId} of task {task.Name} succeeded: {images}");
            SetSucceeded(pass, Conditions.True, BuildTaskConditions.RunSucceeded, $"Run {run.RunId} succeeded: {images}.");
        }
        else
        {
            var message = $"Run {run.RunId} of task {task.Name} ended {run.Status}: {run.ErrorMessage ?? "Azure gave no error message"}";
            pass.ReportFailure(BuildTaskConditions.RunFailed, message);
            SetSucceeded(pass, Conditions.False, BuildTaskConditions.RunFailed, message + "; its log is in Azure (az acr task logs --run-id).");
        }

        return ReconcileResult.Done;
    }

    /// <summary>The run as status shows it, in <c>lastRun</c> and at the head of <c>runs</c> (newest first, at most five).</summary>
    private static void Record(BuildTaskStatus status, ArmTaskRun run)
    {
        var shown = new BuildTaskRun
        {
            RunId = run.RunId,
            Status = run.Status,
            StartTime = run.StartTime?.UtcDateTime,
            FinishTime = run.FinishTime?.UtcDateTime,
            OutputImages = run.OutputImages.Count == 0 ? null : [.. run.OutputImages],
            ErrorMessage = run.ErrorMessage,
        };
        status.LastRun = shown;
        status.Runs = [shown, .. (status.Runs ?? []).Where(r => r.RunId != run.RunId).Take(BuildTaskStatus.MaxRuns - 1)];
    }

    private void SetSucceeded(AzurePass<BuildTask, BuildTaskStatus> pass, string value, string reason, string message) =>
        Conditions.Set(pass.Status.Conditions, BuildTaskConditions.Succeeded, value, reason, message, pass.Generation, _services.Time.GetUtcNow());

    private static string Why(bool onChange, string? requested) => (onChange, requested) switch
    {
        (true, null) => " (runOnChange, new generation)",
        (_, not null) => $" (run-requested-at {requested})",
        _ => "",
    };

    private static ReconcileResult Sooner(ReconcileResult a, ReconcileResult b) =>
        a.RequeueAfter is not { } first ? b : b.RequeueAfter is not { } second ? a : ReconcileResult.After(first < second ? first : second);
}
