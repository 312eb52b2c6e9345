using System.Collections.Concurrent;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
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
/// <remarks>
/// scheduleRun is not idempotent, so a run is never asked for twice for one request: the POST is not retried in the
/// call; what this process started is remembered, so a pass reading a cache that does not show its last status write
/// yet does not start the run again; and after a POST whose outcome is unknown (no answer, or a 5xx), the task's newest
/// run is looked up and adopted before another is asked for.
/// </remarks>
public sealed class BuildTaskRuns
{
    /// <summary>How much older than the unanswered POST an adopted run may look (clock skew between here and Azure).</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private readonly AzureReconcilerServices _services;
    private readonly ConcurrentDictionary<ObjectKey, RunAttempt> _attempts = new();

    public BuildTaskRuns(AzureReconcilerServices services) => _services = services ?? throw new ArgumentNullException(nameof(services));

    /// <summary>
    /// Polls the run in progress, whatever else the pass finds (a Secret gone, the registry not Ready, Azure refusing the
    /// task): its outcome must still reach status. Returns when to poll again, or null when no run is in progress.
    /// </summary>
    public async Task<ReconcileResult?> FollowAsync(AzurePass<BuildTask, BuildTaskStatus> pass, ArmRegistryId registry, IArmTaskClient tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(tasks);
        ApplyRemembered(pass);
        return pass.Status.LastRun is { RunId: { } runId } last && ArmTaskRun.IsActive(last.Status)
            ? await PollAsync(pass, registry, tasks, runId, cancellationToken)
            : null;
    }

    /// <summary>
    /// Starts a run that is asked for, once the task matches the spec and no run is in progress; returns
    /// <paramref name="converged"/>, sooner when a new run is to be polled.
    /// </summary>
    public async Task<ReconcileResult> StartRequestedAsync(AzurePass<BuildTask, BuildTaskStatus> pass, ArmRegistryChildId task, IArmTaskClient tasks, ReconcileResult converged, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(tasks);
        var status = pass.Status;
        var ready = Conditions.IsTrue(status.Conditions, ConditionTypes.Ready) && status.ObservedGeneration == pass.Generation && status.Operation is null;
        var onChange = pass.Resource.Spec.RunOnChange == true && status.LastRunOnChangeGeneration != pass.Generation;
        var requested = pass.Annotation(AnnotationNames.RunRequestedAt) is { } value && value != status.LastHandledRunRequest ? value : null;
        if (!ready || (!onChange && requested is null) || status.LastRun is { } last && ArmTaskRun.IsActive(last.Status))
        {
            return converged;
        }

        var key = ObjectKey.Of(pass.Resource);
        var attempt = new RunAttempt(pass.Resource.Metadata.Uid, onChange ? pass.Generation : null, requested, pass.Now);
        ArmTaskRun? run = null;
        if (pass.Resource.Spec.Enabled == false)
        {
            pass.ReportFailure(BuildTaskConditions.RunNotStarted, $"A run of task {task.Name} was asked for, but the task is disabled; set spec.enabled to true and ask again.");
        }
        else
        {
            try
            {
                run = await UnansweredRunAsync(key, attempt, task, tasks, cancellationToken) ?? await tasks.ScheduleRunAsync(task, cancellationToken);
            }
            catch (ArmRequestException e) when (e.Kind is ArmErrorKind.Terminal or ArmErrorKind.NotFound)
            {
                // Refused for good: the request is handled (a Warning says why), so it never retries in a loop.
                pass.ReportFailure(BuildTaskConditions.RunNotStarted, $"Azure refused to run task {task.Name}: {e.Error.Code}: {e.Error.Message}");
            }
            catch (ArmRequestException e) when (e.Kind == ArmErrorKind.Transient && e.Error.Status is 0 or >= 500)
            {
                // Azure may have queued the run without answering: the next attempt looks for it before asking again.
                _attempts[key] = attempt with { Unanswered = true };
                throw;
            }
        }

        // Marked only now: a throttled or transient failure above leaves the request pending, to be tried again.
        status.LastRunOnChangeGeneration = onChange ? pass.Generation : status.LastRunOnChangeGeneration;
        status.LastHandledRunRequest = requested ?? status.LastHandledRunRequest;
        if (run is null)
        {
            _attempts.TryRemove(key, out _);
            return converged;
        }

        _attempts[key] = attempt with { Run = run };
        Record(pass, run);
        _services.Events.Record(pass.Resource, EventType.Normal, BuildTaskConditions.RunStarted, $"Started run {run.RunId} of task {task.Name}{Why(onChange, requested)}");
        SetSucceeded(pass, Conditions.Unknown, BuildTaskConditions.RunStarted, $"Run {run.RunId} is {run.Status}.");
        return converged.Sooner(ReconcileResult.After(_services.Polls.MinInterval));
    }

    /// <summary>Forgets what was started for a BuildTask that is gone.</summary>
    public void Forget(ObjectKey key) => _attempts.TryRemove(key, out _);

    /// <summary>
    /// The run an unanswered scheduleRun for this same request queued after all (the task's newest run, created since
    /// the attempt), or null when there is none and a run is to be asked for.
    /// </summary>
    private async Task<ArmTaskRun?> UnansweredRunAsync(ObjectKey key, RunAttempt attempt, ArmRegistryChildId task, IArmTaskClient tasks, CancellationToken cancellationToken)
    {
        if (!_attempts.TryGetValue(key, out var earlier) || !earlier.Unanswered || !earlier.IsFor(attempt))
        {
            return null;
        }

        var latest = await tasks.GetLatestRunAsync(task, cancellationToken);
        return latest is { CreateTime: { } created } && created >= earlier.AttemptedAt - ClockSkew ? latest : null;
    }

    /// <summary>
    /// A run this process started that the cached status does not show yet (its status write is still on its way back
    /// through the watch): taken into this pass's status, so the pass neither starts it again nor loses it.
    /// </summary>
    private void ApplyRemembered(AzurePass<BuildTask, BuildTaskStatus> pass)
    {
        var status = pass.Status;
        if (!_attempts.TryGetValue(ObjectKey.Of(pass.Resource), out var attempt) || attempt.Uid != pass.Resource.Metadata.Uid
            || attempt.Run is not { } run || status.LastRun?.RunId == run.RunId || status.Runs?.Any(r => r.RunId == run.RunId) == true)
        {
            return;
        }

        Record(pass, run);
        status.LastRunOnChangeGeneration = attempt.Generation ?? status.LastRunOnChangeGeneration;
        status.LastHandledRunRequest = attempt.Request ?? status.LastHandledRunRequest;
    }

    private async Task<ReconcileResult> PollAsync(AzurePass<BuildTask, BuildTaskStatus> pass, ArmRegistryId registry, IArmTaskClient tasks, string runId, CancellationToken cancellationToken)
    {
        var run = await tasks.GetRunAsync(registry, runId, cancellationToken)
            ?? new ArmTaskRun { RunId = runId, Status = "Unknown", ErrorMessage = $"Azure no longer has run {runId}." };
        Record(pass, run);
        var task = BuildTaskSpecMapper.AzureName(pass.Resource);
        if (!run.IsFinished)
        {
            SetSucceeded(pass, Conditions.Unknown, BuildTaskConditions.RunStarted, $"Run {run.RunId} is {run.Status}.");
            return ReconcileResult.After(_services.Polls.Next(run.StartTime ?? run.CreateTime ?? pass.Now, retryAfter: null));
        }

        if (run.Status == "Succeeded")
        {
            var images = run.OutputImages.Count == 0 ? "no images" : string.Join(", ", run.OutputImages);
            _services.Events.Record(pass.Resource, EventType.Normal, BuildTaskConditions.RunSucceeded, $"Run {run.RunId} of task {task} succeeded: {images}");
            SetSucceeded(pass, Conditions.True, BuildTaskConditions.RunSucceeded, $"Run {run.RunId} succeeded: {images}.");
        }
        else
        {
            var message = pass.Redact($"Run {run.RunId} of task {task} ended {run.Status}: {run.ErrorMessage ?? "Azure gave no error message"}");
            pass.ReportFailure(BuildTaskConditions.RunFailed, message);
            SetSucceeded(pass, Conditions.False, BuildTaskConditions.RunFailed, message + "; its log is in Azure (az acr task logs --run-id).");
        }

        // A run asked for while this one ran may start in this same pass (the caller goes on to StartRequestedAsync).
        return ReconcileResult.Done;
    }

    /// <summary>The run as status shows it, in <c>lastRun</c> and at the head of <c>runs</c> (newest first, at most five).</summary>
    private static void Record(AzurePass<BuildTask, BuildTaskStatus> pass, ArmTaskRun run)
    {
        var status = pass.Status;
        var shown = new BuildTaskRun
        {
            RunId = run.RunId,
            Status = run.Status,
            StartTime = run.StartTime?.UtcDateTime,
            FinishTime = run.FinishTime?.UtcDateTime,
            OutputImages = run.OutputImages.Count == 0 ? null : [.. run.OutputImages],
            // Azure's message can quote a clone URL or an argument: the task's secret values are masked in it.
            ErrorMessage = run.ErrorMessage is { } error ? pass.Redact(error) : null,
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

    /// <summary>A run this process asked for: for which generation and request, when, and what Azure answered.</summary>
    private sealed record RunAttempt(string Uid, long? Generation, string? Request, DateTimeOffset AttemptedAt)
    {
        public ArmTaskRun? Run { get; init; }

        /// <summary>The POST got no answer (or a 5xx): Azure may have queued the run.</summary>
        public bool Unanswered { get; init; }

        public bool IsFor(RunAttempt other) => Uid == other.Uid && Generation == other.Generation && Request == other.Request;
    }
}
