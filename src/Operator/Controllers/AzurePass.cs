using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Events;
using AcrOperator.Runtime.Status;
using k8s;
using k8s.Models;

namespace AcrOperator.Controllers;

/// <summary>
/// One reconcile pass over one resource of an Azure-backed kind: the status it builds, and the steps every kind takes
/// the same way: credentials, the finalizer, deletion per deletionPolicy, starting and polling operations kept in
/// <c>status.operation</c> (so no worker waits on Azure and a restart polls instead of writing twice), observe-only
/// mode, failures as conditions and events, and the jittered resync. A kind's reconciler says only what is its own.
/// </summary>
public sealed class AzurePass<TResource, TStatus>
    where TResource : class, IKubernetesObject<V1ObjectMeta>, IStatus<TStatus>
    where TStatus : class, IAzureResourceStatus, new()
{
    private const string Orphaned = "Orphaned";

    private readonly AzurePassRunner<TResource, TStatus> _runner;
    private readonly List<string> _concealed = [];

    internal AzurePass(AzurePassRunner<TResource, TStatus> runner, TResource resource)
    {
        _runner = runner;
        Resource = resource;
        Status = KubeObjects.DeepCopy(resource.Status) ?? new TStatus();
        // Whatever this pass ends in, it is the pass the annotation asked for; without this, a forced pass that
        // changes nothing would leave no trace a user could wait for.
        if (Annotation(AnnotationNames.ReconcileRequestedAt) is { } requested)
        {
            Status.LastHandledReconcileRequest = requested;
        }
    }

    /// <summary>The resource as read from the cache; not to be changed (its status is built on <see cref="Status"/>).</summary>
    public TResource Resource { get; }

    /// <summary>The status this pass writes, starting as a copy of the one read.</summary>
    public TStatus Status { get; }

    public long? Generation => Resource.Metadata.Generation;

    public DateTimeOffset Now => _runner.Services.Time.GetUtcNow();

    public bool IsDeleting => Resource.Metadata.DeletionTimestamp is not null;

    public bool HasFinalizer => Finalizers.Has(Resource, RegistryResources.Finalizer);

    /// <summary>reconcile-policy skip: read Azure and report, never write to it.</summary>
    public bool IsObserveOnly => ReconcilePolicies.IsObserveOnly(Resource);

    /// <summary>The identity this pass acts as, once <see cref="ClientAsync"/> resolved it.</summary>
    public AzureCredentials? Credentials { get; private set; }

    /// <summary>
    /// The reason and message of a terminal ARM error, given the identity that acted; set once the pass knows its
    /// target, so the message names what a human fixes. Unset, <see cref="AzureConditions.ForTerminal"/> names the resource.
    /// </summary>
    public Func<ArmError, string, (string Reason, string Message)>? ExplainTerminal { get; set; }

    private string Kind => _runner.Kind;

    private string KindTitle => char.ToUpperInvariant(Kind[0]) + Kind[1..];

    public string? Annotation(string name) =>
        Resource.Metadata.Annotations?.TryGetValue(name, out var value) == true ? value : null;

    /// <summary>Orphan and observe-only resources are released without touching Azure.</summary>
    public bool LeavesAzureAlone(DeletionPolicy? policy) => policy == DeletionPolicy.Orphan || IsObserveOnly;

    /// <summary>Values this pass must never show: they are masked in every failure message it reports or throws.</summary>
    public void Conceal(IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _concealed.AddRange(secrets.OfType<string>().Where(s => s.Length > 0));
    }

    /// <summary>The ARM client acting as the identity the resource's credentials name (<see cref="AzureCredentialsResolver"/>).</summary>
    public async Task<IArmRegistryClient> ClientAsync(SecretRef? credentialsRef, CancellationToken cancellationToken)
    {
        Credentials = await _runner.Services.Credentials.ResolveAsync(Resource.Metadata.NamespaceProperty, credentialsRef, cancellationToken);
        return _runner.Services.Clients.ClientFor(Credentials.Identity);
    }

    public Task AddFinalizerAsync(CancellationToken cancellationToken) =>
        _runner.Services.Finalizers.AddAsync(_runner.Type, Resource, RegistryResources.Finalizer, cancellationToken);

    /// <summary>Removes the finalizer (which must go even when Azure is left alone, or the resource could never be deleted) and says why.</summary>
    public async Task ReleaseAsync(string reason, string message, CancellationToken cancellationToken)
    {
        await _runner.Services.Finalizers.RemoveAsync(_runner.Type, Resource, RegistryResources.Finalizer, cancellationToken);
        _runner.Services.Events.Record(Resource, EventType.Normal, reason, message);
    }

    /// <summary>Releases a resource whose deletionPolicy or reconcile-policy leaves Azure alone.</summary>
    public Task ReleaseOrphanedAsync(CancellationToken cancellationToken) =>
        ReleaseAsync(Orphaned, $"The {Kind} in Azure is left as it is (deletionPolicy Orphan or reconcile-policy skip).", cancellationToken);

    /// <summary>Releases a resource that has nothing of its own in Azure to delete; <paramref name="message"/> says why.</summary>
    public Task ReleaseUntouchedAsync(string message, CancellationToken cancellationToken) => ReleaseAsync(Orphaned, message, cancellationToken);

    /// <summary>
    /// Deletes the resource in Azure (or polls the deletion pending in status), then releases the finalizer; null once
    /// released, else when to look again. A resource already gone counts as deleted.
    /// </summary>
    public async Task<ReconcileResult?> DeleteAsync<T>(AzureDeletion<T> deletion, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(deletion);
        ArmPollResult<T> deleted;
        try
        {
            if (Status.Operation is { Kind: AzureOperationKind.Delete } pending)
            {
                deleted = await deletion.PollAsync(AzureOperations.ToArm(pending, deletion.ResourceId), cancellationToken);
            }
            else
            {
                _runner.Services.Events.Record(Resource, EventType.Normal, AzureConditions.Deleting, $"Deleting {Kind} {deletion.Name} in Azure");
                AzurePassLog.Writing(_runner.Logger, "Deleting", Kind, deletion.ResourceId);
                deleted = await deletion.BeginAsync(cancellationToken);
            }
        }
        catch (ArmRequestException e) when (e.Kind == ArmErrorKind.NotFound)
        {
            deleted = new ArmPollResult<T> { State = ArmOperationState.Succeeded };
        }

        switch (deleted.State)
        {
            case ArmOperationState.Succeeded:
                await ReleaseAsync("Deleted", $"{KindTitle} {deletion.Name} is deleted in Azure.", cancellationToken);
                return null;
            case ArmOperationState.InProgress:
                Status.Operation = AzureOperations.ToStatus(deleted.Operation!);
                AzureConditions.SetReconciling(Status, AzureConditions.Deleting, $"Deleting {Kind} {deletion.Name} in Azure.", Generation, Now);
                return ReconcileResult.After(_runner.Services.Polls.Next(deleted.Operation!.StartedAt, deleted.RetryAfter));
            default:
                OperationFailed(AzureOperationKind.Delete, deleted.Error);
                // The finalizer stays until Azure lets go; the delete is tried again at the polling floor.
                return ReconcileResult.After(_runner.Services.Polls.MinInterval);
        }
    }

    /// <summary>
    /// The deletion branch of a registry's child (webhook, task): release it as it is when the policy leaves Azure alone
    /// or it owns nothing there (<paramref name="owned"/>, see <see cref="RegistryRefResolver.Owned"/>), else delete what
    /// it owns. Null once released, else when to look again.
    /// </summary>
    public async Task<ReconcileResult?> FinalizeChildAsync<T>(
        DeletionPolicy? policy,
        SecretRef? credentialsRef,
        ArmRegistryChildId? owned,
        Func<IArmRegistryClient, ArmRegistryChildId, AzureDeletion<T>> deletion,
        CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(deletion);
        if (!HasFinalizer)
        {
            return null;
        }

        if (LeavesAzureAlone(policy))
        {
            await ReleaseOrphanedAsync(cancellationToken);
            return null;
        }

        if (owned is null)
        {
            await ReleaseUntouchedAsync($"The {Kind} was never created or adopted in Azure; there is nothing to delete.", cancellationToken);
            return null;
        }

        return await DeleteAsync(deletion(await ClientAsync(credentialsRef, cancellationToken), owned), cancellationToken);
    }

    /// <summary>
    /// Moves <paramref name="resource"/> one step toward the spec: finish a pending operation (never start another
    /// write while one is pending, from this or an earlier process), else create it, or adopt it and patch only what
    /// differs, or report it Ready. Immutable differences and unsettled provisioning states wait for a human or Azure.
    /// </summary>
    public async Task<ReconcileResult> ConvergeAsync<T>(AzureResource<T> resource, CancellationToken cancellationToken)
        where T : class, IArmProvisioned
    {
        ArgumentNullException.ThrowIfNull(resource);
        T? observed;
        if (Status.Operation is { } pending)
        {
            var polled = await resource.PollAsync(AzureOperations.ToArm(pending, resource.ResourceId), cancellationToken);
            if (polled.State == ArmOperationState.InProgress)
            {
                return StillRunning(pending.Kind, polled);
            }

            Status.Operation = null;
            if (polled.State != ArmOperationState.Succeeded)
            {
                return OperationFailed(pending.Kind, polled.Error);
            }

            observed = polled.Resource ?? await resource.GetAsync(cancellationToken);
        }
        else
        {
            observed = await resource.GetAsync(cancellationToken);
        }

        if (observed is null)
        {
            _runner.Services.Events.Record(Resource, EventType.Normal, AzureConditions.Creating, $"Creating {Kind} {resource.Name} in {resource.Location}");
            AzurePassLog.Writing(_runner.Logger, "Creating", Kind, resource.ResourceId);
            return Started(AzureOperationKind.Create, await resource.CreateAsync(cancellationToken), resource);
        }

        // From here on the resource exists, whether this operator created it or adopts it.
        resource.Observe(observed);
        if (observed.ProvisioningState is { } state && state is not ("Succeeded" or "Failed" or "Canceled"))
        {
            AzureConditions.SetReconciling(Status, AzureConditions.Provisioning, $"Azure reports provisioningState {state}; waiting for it to settle.", Generation, Now);
            return ReconcileResult.After(_runner.Services.Polls.MinInterval);
        }

        if (resource.ImmutableDifference(observed) is { } immutable)
        {
            return Stalled(AzureConditions.InvalidSpec, immutable);
        }

        if (await resource.DiffAsync(observed, cancellationToken) is not { } update)
        {
            return Converged(resource.ReadyMessage(observed));
        }

        var fields = string.Join(", ", update.Fields);
        _runner.Services.Events.Record(Resource, EventType.Normal, AzureConditions.Updating, $"Updating {Kind} {resource.Name}: {fields}");
        AzurePassLog.Updating(_runner.Logger, Kind, resource.ResourceId, fields);
        return Started(AzureOperationKind.Update, await update.SendAsync(cancellationToken), resource);
    }

    /// <summary>reconcile-policy skip: read the resource and report what was found; never write to Azure.</summary>
    public async Task<ReconcileResult> ObserveAsync<T>(AzureResource<T> resource, CancellationToken cancellationToken)
        where T : class, IArmProvisioned
    {
        ArgumentNullException.ThrowIfNull(resource);
        var observed = await resource.GetAsync(cancellationToken);
        if (observed is null)
        {
            AzureConditions.SetNotReady(Status, AzureConditions.NotFoundInAzure, $"{KindTitle} {resource.ResourceId} does not exist, and reconcile-policy skip only observes; remove the annotation to let the operator create it.", Generation, Now);
        }
        else
        {
            resource.Observe(observed);
            AzureConditions.SetReady(Status, AzureConditions.Observed, $"reconcile-policy is skip: the {Kind} in Azure is observed, never changed.", Generation, Now);
        }

        Status.ObservedGeneration = Generation;
        return Resync();
    }

    /// <summary>The spec is met: Ready at this generation, and back at the resync.</summary>
    public ReconcileResult Converged(string message)
    {
        AzureConditions.SetReady(Status, AzureConditions.Succeeded, message, Generation, Now);
        Status.ObservedGeneration = Generation;
        return Resync();
    }

    /// <summary>Stalled at this generation: progress needs a human, whom the message tells what to change.</summary>
    public void SetStalled(string reason, string message)
    {
        AzureConditions.SetStalled(Status, reason, message, Generation, Now);
        Status.ObservedGeneration = Generation;
    }

    /// <summary><see cref="SetStalled"/>, then no retry before a change, a reconcile request or the resync: never a hot loop.</summary>
    public ReconcileResult Stalled(string reason, string message)
    {
        SetStalled(reason, message);
        return Resync();
    }

    /// <summary>A refusal only a human can lift (the spec asks what Azure cannot do): a Warning event when new, then <see cref="Stalled"/>.</summary>
    public ReconcileResult Refuse(string reason, string message)
    {
        ReportFailure(reason, message);
        return Stalled(reason, message);
    }

    /// <summary>
    /// Waiting on something outside this resource that the operator is told about when it changes (a Registry to be
    /// Ready, a Secret to appear): Reconciling, with the resync as a backstop.
    /// </summary>
    public ReconcileResult WaitingFor(string reason, string message)
    {
        AzureConditions.SetReconciling(Status, reason, message, Generation, Now);
        return Resync();
    }

    public ReconcileResult OperationFailed(AzureOperationKind kind, ArmError? error)
    {
        Status.Operation = null;
        var message = Redact($"The Azure {kind} operation failed: {error?.Code ?? "Unknown"}: {error?.Message ?? "no error details"}.");
        ReportFailure(AzureConditions.AzureOperationFailed, message);
        if (error is { Kind: ArmErrorKind.Terminal })
        {
            return Stalled(AzureConditions.AzureOperationFailed, message + " Fix the spec or the Azure side; the operator retries on the next change or resync.");
        }

        AzureConditions.SetReconciling(Status, AzureConditions.AzureOperationFailed, message + " Retrying.", Generation, Now);
        return ReconcileResult.After(error?.RetryAfter ?? _runner.Services.Polls.MinInterval);
    }

    /// <summary>A Warning event when a failure is new, not on every retry of the same one; a log line each time.</summary>
    public void ReportFailure(string reason, string message)
    {
        message = Redact(message);
        AzurePassLog.Failed(_runner.Logger, KindTitle, reason, message);
        if (Conditions.Find(Status.Conditions, ConditionTypes.Ready)?.Reason != reason)
        {
            _runner.Services.Events.Record(Resource, EventType.Warning, reason, message);
        }
    }

    /// <summary>The jittered wait until a converged resource is read again for drift.</summary>
    public ReconcileResult Resync()
    {
#pragma warning disable CA5394 // Jitter spreads load; it needs no unpredictability.
        var jitter = 1 + (Random.Shared.NextDouble() * _runner.Options.ResyncJitter);
#pragma warning restore CA5394
        return ReconcileResult.After(_runner.Options.ResyncInterval * jitter);
    }

    /// <summary>Credentials that cannot be used need a human: Stalled, saying which Secret and key.</summary>
    internal ReconcileResult OnCredentialsFailure(CredentialsException failure)
    {
        var message = IsDeleting
            ? failure.Message + $" Until then the {Kind} cannot be deleted in Azure; set spec.deletionPolicy to Orphan to release it without deleting it."
            : failure.Message;
        ReportFailure(failure.Reason, message);
        SetStalled(failure.Reason, message);
        return ReconcileResult.Done;
    }

    /// <summary>Maps a failed ARM call to a condition and a requeue; throttling waits as told instead of backing off.</summary>
    internal ReconcileResult OnArmFailure(ArmError error)
    {
        var retryAfter = error.RetryAfter ?? _runner.Services.Polls.MinInterval;
        switch (error.Kind)
        {
            case ArmErrorKind.Throttled:
                ReportFailure(AzureConditions.Throttled, $"Azure throttled the operator; retrying in {retryAfter.TotalSeconds:0} s.");
                AzureConditions.SetReconciling(Status, AzureConditions.Throttled, "Azure throttled the operator's requests; it retries when Azure allows.", Generation, Now);
                return ReconcileResult.After(retryAfter);
            case ArmErrorKind.Transient or ArmErrorKind.NotFound when !IsMissingParent(error):
                // A vanished operation URL is NotFound too: forget it, and read the resource again next pass.
                Status.Operation = error.Kind == ArmErrorKind.NotFound ? null : Status.Operation;
                ReportFailure(AzureConditions.AzureUnavailable, $"Azure request failed temporarily: {error.Code}: {error.Message}");
                AzureConditions.SetReconciling(Status, AzureConditions.AzureUnavailable, $"Azure request failed temporarily ({error.Code}); retrying.", Generation, Now);
                return ReconcileResult.After(retryAfter);
            default:
                var identity = Credentials?.Description ?? AzureCredentialsResolver.OperatorIdentityDescription;
                var (reason, message) = ExplainTerminal?.Invoke(error, identity)
                    ?? AzureConditions.ForTerminal(error, Status.ResourceId ?? $"{Kind} {ObjectKey.Of(Resource)}", "(unknown)", identity);
                message = Redact(message);
                ReportFailure(reason, message);
                // No hot loop: a spec change, reconcile-requested-at or the resync tries again.
                return Stalled(reason, message);
        }
    }

    /// <summary>The exception to rethrow for a backoff retry, without any concealed value in its message.</summary>
    internal Exception Conceal(ArmRequestException failure) =>
        _concealed.Count == 0 ? failure : new ArmRequestException(failure.Error with { Message = Redact(failure.Error.Message) });

    /// <summary>
    /// A missing resource group, subscription or (for a registry's child) registry is a 404 like a vanished operation,
    /// but it does not clear by itself: retrying it every poll interval only repeats a PUT that cannot succeed until a
    /// human acts.
    /// </summary>
    private static bool IsMissingParent(ArmError error) =>
        error.Code is ArmErrorCodes.ResourceGroupNotFound or ArmErrorCodes.SubscriptionNotFound or ArmErrorCodes.ParentResourceNotFound;

    /// <summary>Where a just-started write stands: pending (kept in status and polled), done, or failed.</summary>
    private ReconcileResult Started<T>(AzureOperationKind kind, ArmPollResult<T> started, AzureResource<T> resource)
        where T : class, IArmProvisioned => started.State switch
        {
            ArmOperationState.InProgress => StillRunning(kind, started),
            ArmOperationState.Succeeded when started.Resource is { } done => ConvergedWith(resource, done),
            // Succeeded without a body: read it on the next pass rather than guess.
            ArmOperationState.Succeeded => Waiting(kind, _runner.Services.Polls.MinInterval),
            _ => OperationFailed(kind, started.Error),
        };

    private ReconcileResult ConvergedWith<T>(AzureResource<T> resource, T observed)
        where T : class, IArmProvisioned
    {
        resource.Observe(observed);
        return Converged(resource.ReadyMessage(observed));
    }

    private ReconcileResult StillRunning<T>(AzureOperationKind kind, ArmPollResult<T> running)
        where T : class
    {
        // The URL can move between polls; keep the newest so a restart resumes where this pass left off.
        Status.Operation = AzureOperations.ToStatus(running.Operation!);
        return Waiting(kind, _runner.Services.Polls.Next(running.Operation!.StartedAt, running.RetryAfter));
    }

    private ReconcileResult Waiting(AzureOperationKind kind, TimeSpan pollAfter)
    {
        var (reason, verb) = kind switch
        {
            AzureOperationKind.Create => (AzureConditions.Creating, "Creating"),
            AzureOperationKind.Update => (AzureConditions.Updating, "Updating"),
            _ => (AzureConditions.Deleting, "Deleting"),
        };
        AzureConditions.SetReconciling(Status, reason, $"{verb} the {Kind} in Azure; the operation is polled until it ends.", Generation, Now);
        return ReconcileResult.After(pollAfter);
    }

    /// <summary>The message with every concealed secret value replaced by <c>***</c>.</summary>
    public string Redact(string message) =>
        _concealed.Aggregate(message, (text, secret) => text.Replace(secret, "***", StringComparison.Ordinal));
}
