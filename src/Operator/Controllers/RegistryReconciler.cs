using System.Runtime.ExceptionServices;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Events;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Status;

namespace AcrOperator.Controllers;

/// <summary>
/// Keeps an Azure Container Registry the way its Registry resource says. One pass: read the resource from the
/// cache; release it if it is being deleted; add the finalizer; converge (poll a pending operation, or read Azure
/// and create or patch only what differs); write status once. Azure operations are started, kept in
/// <c>status.operation</c> and polled on later passes, so no worker ever waits on Azure. Each pass acts as the
/// identity the resource's credentials name (<see cref="AzureCredentialsResolver"/>).
/// </summary>
public sealed partial class RegistryReconciler : IReconciler
{
    // A message-template scope, not a dictionary: the console prints a dictionary scope as its type name.
    private static readonly Func<ILogger, string?, string, IDisposable?> RegistryScope =
        LoggerMessage.DefineScope<string?, string>("{Namespace}/{Name}");

    private readonly ObjectStore<Registry> _cache;
    private readonly AzureCredentialsResolver _credentials;
    private readonly IArmRegistryClientFactory _clients;
    private readonly Finalizers _finalizers;
    private readonly StatusWriter _statusWriter;
    private readonly IEventRecorder _events;
    private readonly RegistryReconcilerOptions _options;
    private readonly OperationPollSchedule _polls;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public RegistryReconciler(
        ObjectStore<Registry> cache,
        AzureCredentialsResolver credentials,
        IArmRegistryClientFactory clients,
        Finalizers finalizers,
        StatusWriter statusWriter,
        IEventRecorder events,
        RegistryReconcilerOptions options,
        OperationPollSchedule polls,
        TimeProvider time,
        ILogger<RegistryReconciler> logger)
    {
        _cache = cache ?? throw new ArgumentNullException(nameof(cache));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _clients = clients ?? throw new ArgumentNullException(nameof(clients));
        _finalizers = finalizers ?? throw new ArgumentNullException(nameof(finalizers));
        _statusWriter = statusWriter ?? throw new ArgumentNullException(nameof(statusWriter));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _polls = polls ?? throw new ArgumentNullException(nameof(polls));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var registry = _cache.Get(key);
        if (registry is null)
        {
            // Gone from the cluster: its finalizer was already released, so nothing in Azure is ours to handle.
            return ReconcileResult.Done;
        }

        using var scope = RegistryScope(_logger, key.Namespace, key.Name);
        var status = KubeObjects.DeepCopy(registry.Status) ?? new RegistryStatus();
        // Whatever this pass ends in, it is the pass the annotation asked for; without this, a forced pass that
        // changes nothing would leave no trace a user could wait for.
        if (registry.Metadata.Annotations?.TryGetValue(AnnotationNames.ReconcileRequestedAt, out var requested) == true)
        {
            status.LastHandledReconcileRequest = requested;
        }

        var id = TargetOf(registry);
        ReconcileResult result;
        AzureCredentials? credentials = null;
        Exception? retryWithBackoff = null;
        try
        {
            if (registry.Metadata.DeletionTimestamp is not null)
            {
                IArmRegistryClient? arm = null;
                if (Finalizers.Has(registry, RegistryResources.Finalizer) && !LeavesAzureAlone(registry, id))
                {
                    credentials = await ResolveCredentialsAsync(registry, cancellationToken);
                    arm = _clients.ClientFor(credentials.Identity);
                }

                if (await FinalizeAsync(registry, id, status, arm, cancellationToken) is not { } stillDeleting)
                {
                    // Released: the resource is on its way out, and a status write would race its removal.
                    return ReconcileResult.Done;
                }

                result = stillDeleting;
            }
            else if (id is null)
            {
                AzureConditions.SetStalled(status, RegistryConditions.SubscriptionNotConfigured, $"No Azure subscription: set spec.subscriptionId or the operator setting {AzureOptions.Section}:DefaultSubscriptionId.", registry.Metadata.Generation, Now);
                status.ObservedGeneration = registry.Metadata.Generation;
                result = ReconcileResult.Done;
            }
            else if (IsObserveOnly(registry))
            {
                credentials = await ResolveCredentialsAsync(registry, cancellationToken);
                result = await ObserveAsync(registry, id, status, _clients.ClientFor(credentials.Identity), cancellationToken);
            }
            else
            {
                await _finalizers.AddAsync(RegistryResources.Registries, registry, RegistryResources.Finalizer, cancellationToken);
                credentials = await ResolveCredentialsAsync(registry, cancellationToken);
                result = await ConvergeAsync(registry, id, status, _clients.ClientFor(credentials.Identity), cancellationToken);
            }
        }
        catch (CredentialsException e)
        {
            result = OnCredentialsFailure(registry, status, e);
            // The Secret may be on its way (GitOps applies in any order) and is not watched: the per-key backoff
            // retries soon at first, then every 15 minutes at most.
            retryWithBackoff = e;
        }
        catch (ArmRequestException e)
        {
            result = OnArmFailure(registry, id, status, e.Error, credentials?.Description ?? AzureCredentialsResolver.OperatorIdentityDescription);
            if (e.Kind == ArmErrorKind.Transient && e.Error.RetryAfter is null)
            {
                // Unknown trouble without a hint from Azure: let the controller's per-key backoff pace the retries.
                retryWithBackoff = e;
            }
        }

        await _statusWriter.UpdateAsync(RegistryResources.Registries, registry, status, cancellationToken);
        if (retryWithBackoff is not null)
        {
            ExceptionDispatchInfo.Throw(retryWithBackoff);
        }

        return result;
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    private ArmRegistryId? TargetOf(Registry registry)
    {
        var subscription = registry.Spec.SubscriptionId is { Length: > 0 } own ? own : _options.DefaultSubscriptionId;
        return string.IsNullOrEmpty(subscription) ? null : new ArmRegistryId(subscription, registry.Spec.ResourceGroup, RegistrySpecMapper.AzureName(registry));
    }

    private static bool IsObserveOnly(Registry registry) =>
        registry.Metadata.Annotations?.TryGetValue(AnnotationNames.ReconcilePolicy, out var policy) == true
        && string.Equals(policy, AnnotationNames.ReconcilePolicyValues.Skip, StringComparison.Ordinal);

    // Orphan, observe-only and never-targeted registries are released without touching Azure.
    private static bool LeavesAzureAlone(Registry registry, ArmRegistryId? id) =>
        id is null || registry.Spec.DeletionPolicy == DeletionPolicy.Orphan || IsObserveOnly(registry);

    private Task<AzureCredentials> ResolveCredentialsAsync(Registry registry, CancellationToken cancellationToken) =>
        _credentials.ResolveAsync(registry.Metadata.NamespaceProperty, registry.Spec.CredentialsRef, cancellationToken);

    /// <summary>
    /// Deletes the registry in Azure when the policy says so, then releases the finalizer; null once released, else when to look again.
    /// <paramref name="arm"/> is null exactly when the registry is released without touching Azure.
    /// </summary>
    private async Task<ReconcileResult?> FinalizeAsync(Registry registry, ArmRegistryId? id, RegistryStatus status, IArmRegistryClient? arm, CancellationToken cancellationToken)
    {
        if (!Finalizers.Has(registry, RegistryResources.Finalizer))
        {
            return null;
        }

        // The finalizer must go even when Azure is left alone, or the resource could never be deleted.
        if (arm is null || id is null)
        {
            await ReleaseAsync(registry, "Orphaned", "The registry in Azure is left as it is (deletionPolicy Orphan or reconcile-policy skip).", cancellationToken);
            return null;
        }

        ArmPollResult<ArmRegistry> deletion;
        try
        {
            if (status.Operation is { Kind: AzureOperationKind.Delete } pending)
            {
                deletion = await arm.PollAsync(AzureOperations.ToArm(pending, id.ResourceId), cancellationToken);
            }
            else
            {
                _events.Record(registry, EventType.Normal, AzureConditions.Deleting, $"Deleting registry {id.Name} in Azure");
                LogDeleting(_logger, id.ResourceId);
                deletion = await arm.BeginDeleteAsync(id, cancellationToken);
            }
        }
        catch (ArmRequestException e) when (e.Kind == ArmErrorKind.NotFound)
        {
            deletion = new ArmPollResult<ArmRegistry> { State = ArmOperationState.Succeeded };
        }

        switch (deletion.State)
        {
            case ArmOperationState.Succeeded:
                await ReleaseAsync(registry, "Deleted", $"Registry {id.Name} is deleted in Azure.", cancellationToken);
                return null;
            case ArmOperationState.InProgress:
                status.Operation = AzureOperations.ToStatus(deletion.Operation!);
                AzureConditions.SetReconciling(status, AzureConditions.Deleting, $"Deleting registry {id.Name} in Azure.", registry.Metadata.Generation, Now);
                return ReconcileResult.After(_polls.Next(deletion.Operation!.StartedAt, deletion.RetryAfter));
            default:
                OperationFailed(registry, status, AzureOperationKind.Delete, deletion.Error);
                // The finalizer stays until Azure lets go; the delete is tried again at the polling floor.
                return ReconcileResult.After(_polls.MinInterval);
        }
    }

    private async Task ReleaseAsync(Registry registry, string reason, string message, CancellationToken cancellationToken)
    {
        await _finalizers.RemoveAsync(RegistryResources.Registries, registry, RegistryResources.Finalizer, cancellationToken);
        _events.Record(registry, EventType.Normal, reason, message);
    }

    /// <summary>reconcile-policy skip: read Azure and report, never write to it.</summary>
    private async Task<ReconcileResult> ObserveAsync(Registry registry, ArmRegistryId id, RegistryStatus status, IArmRegistryClient arm, CancellationToken cancellationToken)
    {
        var observed = await arm.GetAsync(id, cancellationToken);
        if (observed is null)
        {
            AzureConditions.SetNotReady(status, AzureConditions.NotFoundInAzure, $"Registry {id.ResourceId} does not exist, and reconcile-policy skip only observes; remove the annotation to let the operator create it.", registry.Metadata.Generation, Now);
        }
        else
        {
            Observe(status, observed);
            AzureConditions.SetReady(status, AzureConditions.Observed, "reconcile-policy is skip: the registry in Azure is observed, never changed.", registry.Metadata.Generation, Now);
        }

        status.ObservedGeneration = registry.Metadata.Generation;
        return Resync();
    }

    /// <summary>Moves Azure one step toward the spec: finish a pending operation, else create, patch, or confirm.</summary>
    private async Task<ReconcileResult> ConvergeAsync(Registry registry, ArmRegistryId id, RegistryStatus status, IArmRegistryClient arm, CancellationToken cancellationToken)
    {
        ArmRegistry? observed;
        if (status.Operation is { } pending)
        {
            // Never start another write while one is pending: poll it once, from this or an earlier process.
            var polled = await arm.PollAsync(AzureOperations.ToArm(pending, id.ResourceId), cancellationToken);
            if (polled.State == ArmOperationState.InProgress)
            {
                return StillRunning(registry, status, pending.Kind, polled);
            }

            status.Operation = null;
            if (polled.State != ArmOperationState.Succeeded)
            {
                return OperationFailed(registry, status, pending.Kind, polled.Error);
            }

            observed = polled.Resource ?? await arm.GetAsync(id, cancellationToken);
        }
        else
        {
            observed = await arm.GetAsync(id, cancellationToken);
        }

        if (observed is null)
        {
            _events.Record(registry, EventType.Normal, AzureConditions.Creating, $"Creating registry {id.Name} in {registry.Spec.Location}");
            LogCreating(_logger, id.ResourceId);
            var created = await arm.BeginCreateAsync(id, RegistrySpecMapper.ToDefinition(registry.Spec), cancellationToken);
            return Started(registry, status, AzureOperationKind.Create, created);
        }

        // From here on the registry exists, whether we created it or adopt it.
        Observe(status, observed);
        if (observed.ProvisioningState is { } state && !IsSettled(state))
        {
            AzureConditions.SetReconciling(status, AzureConditions.Provisioning, $"Azure reports provisioningState {state}; waiting for it to settle.", registry.Metadata.Generation, Now);
            return ReconcileResult.After(_polls.MinInterval);
        }

        if (RegistrySpecMapper.ImmutableDifference(registry.Spec, observed) is { } immutable)
        {
            AzureConditions.SetStalled(status, AzureConditions.InvalidSpec, immutable, registry.Metadata.Generation, Now);
            status.ObservedGeneration = registry.Metadata.Generation;
            return Resync();
        }

        var update = RegistrySpecMapper.Diff(registry.Spec, observed);
        if (update.IsEmpty)
        {
            return Converged(registry, status);
        }

        var fields = string.Join(", ", RegistrySpecMapper.Fields(update));
        _events.Record(registry, EventType.Normal, AzureConditions.Updating, $"Updating registry {id.Name}: {fields}");
        LogUpdating(_logger, id.ResourceId, fields);
        var updated = await arm.BeginUpdateAsync(id, update, cancellationToken);
        return Started(registry, status, AzureOperationKind.Update, updated);
    }

    private ReconcileResult Started(Registry registry, RegistryStatus status, AzureOperationKind kind, ArmPollResult<ArmRegistry> started) => started.State switch
    {
        ArmOperationState.InProgress => StillRunning(registry, status, kind, started),
        ArmOperationState.Succeeded when started.Resource is { } resource => Converged(registry, Observe(status, resource)),
        // Succeeded without a body: read it on the next pass rather than guess.
        ArmOperationState.Succeeded => Waiting(registry, status, kind, _polls.MinInterval),
        _ => OperationFailed(registry, status, kind, started.Error),
    };

    private ReconcileResult StillRunning(Registry registry, RegistryStatus status, AzureOperationKind kind, ArmPollResult<ArmRegistry> running)
    {
        // The URL can move between polls; keep the newest so a restart resumes where this pass left off.
        status.Operation = AzureOperations.ToStatus(running.Operation!);
        return Waiting(registry, status, kind, _polls.Next(running.Operation!.StartedAt, running.RetryAfter));
    }

    private ReconcileResult Waiting(Registry registry, RegistryStatus status, AzureOperationKind kind, TimeSpan pollAfter)
    {
        var (reason, verb) = kind switch
        {
            AzureOperationKind.Create => (AzureConditions.Creating, "Creating"),
            AzureOperationKind.Update => (AzureConditions.Updating, "Updating"),
            _ => (AzureConditions.Deleting, "Deleting"),
        };
        AzureConditions.SetReconciling(status, reason, $"{verb} the registry in Azure; the operation is polled until it ends.", registry.Metadata.Generation, Now);
        return ReconcileResult.After(pollAfter);
    }

    private ReconcileResult Converged(Registry registry, RegistryStatus status)
    {
        AzureConditions.SetReady(status, AzureConditions.Succeeded, $"The registry matches the spec; log in to {status.LoginServer}.", registry.Metadata.Generation, Now);
        status.ObservedGeneration = registry.Metadata.Generation;
        return Resync();
    }

    private ReconcileResult OperationFailed(Registry registry, RegistryStatus status, AzureOperationKind kind, ArmError? error)
    {
        status.Operation = null;
        var message = $"The Azure {kind} operation failed: {error?.Code ?? "Unknown"}: {error?.Message ?? "no error details"}.";
        ReportFailure(registry, status, AzureConditions.AzureOperationFailed, message);
        if (error is { Kind: ArmErrorKind.Terminal })
        {
            AzureConditions.SetStalled(status, AzureConditions.AzureOperationFailed, message + " Fix the spec or the Azure side; the operator retries on the next change or resync.", registry.Metadata.Generation, Now);
            status.ObservedGeneration = registry.Metadata.Generation;
            return Resync();
        }

        AzureConditions.SetReconciling(status, AzureConditions.AzureOperationFailed, message + " Retrying.", registry.Metadata.Generation, Now);
        return ReconcileResult.After(error?.RetryAfter ?? _polls.MinInterval);
    }

    /// <summary>Credentials that cannot be used need a human: Stalled, saying which Secret and key.</summary>
    private ReconcileResult OnCredentialsFailure(Registry registry, RegistryStatus status, CredentialsException failure)
    {
        var message = registry.Metadata.DeletionTimestamp is null
            ? failure.Message
            : failure.Message + " Until then the registry cannot be deleted in Azure; set spec.deletionPolicy to Orphan to release it without deleting it.";
        ReportFailure(registry, status, failure.Reason, message);
        AzureConditions.SetStalled(status, failure.Reason, message, registry.Metadata.Generation, Now);
        status.ObservedGeneration = registry.Metadata.Generation;
        return ReconcileResult.Done;
    }

    /// <summary>Maps a failed ARM call to a condition and a requeue; throttling waits as told instead of backing off.</summary>
    private ReconcileResult OnArmFailure(Registry registry, ArmRegistryId? id, RegistryStatus status, ArmError error, string identity)
    {
        var generation = registry.Metadata.Generation;
        var retryAfter = error.RetryAfter ?? _polls.MinInterval;
        switch (error.Kind)
        {
            case ArmErrorKind.Throttled:
                ReportFailure(registry, status, AzureConditions.Throttled, $"Azure throttled the operator; retrying in {retryAfter.TotalSeconds:0} s.");
                AzureConditions.SetReconciling(status, AzureConditions.Throttled, "Azure throttled the operator's requests; it retries when Azure allows.", generation, Now);
                return ReconcileResult.After(retryAfter);
            case ArmErrorKind.Transient or ArmErrorKind.NotFound when !IsMissingParent(error):
                // A vanished operation URL is NotFound too: forget it, and read the registry again next pass.
                status.Operation = error.Kind == ArmErrorKind.NotFound ? null : status.Operation;
                ReportFailure(registry, status, AzureConditions.AzureUnavailable, $"Azure request failed temporarily: {error.Code}: {error.Message}");
                AzureConditions.SetReconciling(status, AzureConditions.AzureUnavailable, $"Azure request failed temporarily ({error.Code}); retrying.", generation, Now);
                return ReconcileResult.After(retryAfter);
            default:
                var (reason, message) = RegistryConditions.ForTerminal(error, id!, identity);
                ReportFailure(registry, status, reason, message);
                AzureConditions.SetStalled(status, reason, message, generation, Now);
                status.ObservedGeneration = generation;
                // No hot loop: a spec change, reconcile-requested-at or the resync tries again.
                return Resync();
        }
    }

    /// <summary>
    /// A missing resource group or subscription is a 404 like a vanished operation, but it does not clear by itself:
    /// retrying it every poll interval only repeats a PUT that cannot succeed until a human acts.
    /// </summary>
    private static bool IsMissingParent(ArmError error) =>
        error.Code is ArmErrorCodes.ResourceGroupNotFound or ArmErrorCodes.SubscriptionNotFound;

    /// <summary>A Warning event when a failure is new, not on every retry of the same one.</summary>
    private void ReportFailure(Registry registry, RegistryStatus status, string reason, string message)
    {
        LogFailure(_logger, reason, message);
        if (Conditions.Find(status.Conditions, ConditionTypes.Ready)?.Reason != reason)
        {
            _events.Record(registry, EventType.Warning, reason, message);
        }
    }

    private static RegistryStatus Observe(RegistryStatus status, ArmRegistry observed)
    {
        status.ResourceId = observed.Id;
        status.LoginServer = observed.LoginServer;
        status.ProvisioningState = observed.ProvisioningState;
        return status;
    }

    private static bool IsSettled(string provisioningState) =>
        provisioningState is "Succeeded" or "Failed" or "Canceled";

    private ReconcileResult Resync()
    {
#pragma warning disable CA5394 // Jitter spreads load; it needs no unpredictability.
        var jitter = 1 + (Random.Shared.NextDouble() * _options.ResyncJitter);
#pragma warning restore CA5394
        return ReconcileResult.After(_options.ResyncInterval * jitter);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Creating registry {ResourceId}")]
    private static partial void LogCreating(ILogger logger, string resourceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Updating registry {ResourceId}: {Fields}")]
    private static partial void LogUpdating(ILogger logger, string resourceId, string fields);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleting registry {ResourceId}")]
    private static partial void LogDeleting(ILogger logger, string resourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registry reconcile failed ({Reason}): {Message}")]
    private static partial void LogFailure(ILogger logger, string reason, string message);
}
