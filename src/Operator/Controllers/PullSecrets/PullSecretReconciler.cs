using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Events;
using AcrOperator.Runtime.Status;
using k8s;
using k8s.Models;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// Keeps a Registry's pull secrets (design §4), keyed by Registry. One pass: release everything if the Registry is
/// going or no longer asks for pull secrets; wait for its login server; add the finalizer; work out the selected namespaces; make sure the one
/// credential is current (issue or rotate it, stored before it is handed out); write it to every selected namespace
/// that lacks it and add it to the named ServiceAccounts; remove it where the selection no longer reaches; write status.
/// Everything is read from caches of the operator's own objects, and only differences are written.
/// </summary>
public sealed partial class PullSecretReconciler : IReconciler
{
    /// <summary>How soon to look again at a Secret or ServiceAccount that changed under a write (409).</summary>
    private static readonly TimeSpan StaleRetry = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan FirstAccountRecheck = TimeSpan.FromMilliseconds(250);

    private readonly PullSecretCaches _caches;
    private readonly PullSecretWriter _writer;
    private readonly ServiceAccountPatcher _accounts;
    private readonly CredentialRotation _rotation;
    private readonly AzureCredentialsResolver _credentials;
    private readonly Finalizers _finalizers;
    private readonly StatusWriter _statusWriter;
    private readonly IEventRecorder _events;
    private readonly IPullSecretMetrics _metrics;
    private readonly PullSecretOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, RegistryPullState> _states = new(StringComparer.Ordinal);

    public PullSecretReconciler(
        PullSecretCaches caches,
        PullSecretWriter writer,
        ServiceAccountPatcher accounts,
        CredentialRotation rotation,
        AzureCredentialsResolver credentials,
        Finalizers finalizers,
        StatusWriter statusWriter,
        IEventRecorder events,
        IPullSecretMetrics metrics,
        PullSecretOptions options,
        TimeProvider time,
        ILogger<PullSecretReconciler> logger)
    {
        _caches = caches ?? throw new ArgumentNullException(nameof(caches));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _accounts = accounts ?? throw new ArgumentNullException(nameof(accounts));
        _rotation = rotation ?? throw new ArgumentNullException(nameof(rotation));
        _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        _finalizers = finalizers ?? throw new ArgumentNullException(nameof(finalizers));
        _statusWriter = statusWriter ?? throw new ArgumentNullException(nameof(statusWriter));
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var registry = _caches.Registries.Get(key);
        if (registry is null)
        {
            // Gone: its finalizer was released, so everything of it was cleaned up first.
            return ReconcileResult.Done;
        }

        using var scope = _logger.BeginScope(new Dictionary<string, object?> { ["Namespace"] = key.Namespace, ["Name"] = key.Name });
        if (registry.Metadata.DeletionTimestamp is not null || registry.Spec.PullSecret is null)
        {
            return await ReleaseAsync(registry, cancellationToken);
        }

        var state = _states.GetOrAdd(registry.Metadata.Uid, _ => new RegistryPullState());
        var report = new PullSecretReport
        {
            SecretName = PullSecretResources.SecretName(registry),
            Mode = registry.Spec.PullSecret.Credential ?? PullSecretCredential.Token,
        };
        var pass = await ConvergeAsync(registry, state, report, cancellationToken);
        var result = await WriteStatusAsync(registry, state, report, pass.Result, cancellationToken);
        if (pass.RetryWithBackoff is { } failure)
        {
            // After the status write, so the condition says what failed while the controller backs off.
            ExceptionDispatchInfo.Throw(failure);
        }

        return result;
    }

    /// <summary>Drops what is remembered of a Registry that is gone.</summary>
    public void Forget(Registry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _states.TryRemove(registry.Metadata.Uid, out _);
        _metrics.Forget(ObjectKey.Of(registry).ToString());
    }

    private DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The selected namespaces get the current credential; everything else of the Registry's goes.</summary>
    private async Task<(ReconcileResult Result, Exception? RetryWithBackoff)> ConvergeAsync(Registry registry, RegistryPullState state, PullSecretReport report, CancellationToken cancellationToken)
    {
        var now = Now;
        var uid = registry.Metadata.Uid;
        var secretName = report.SecretName!;
        var accountNames = registry.Spec.PullSecret!.ServiceAccounts ?? [];
        if (registry.Status.LoginServer is not { Length: > 0 } loginServer || !ArmRegistryId.TryParse(registry.Status.ResourceId, out var id))
        {
            // The Registry controller's status write (login server, resource id) wakes this controller again.
            report.Problem(PullSecretConditions.WaitingForRegistry, "The registry has no login server yet; the pull Secrets are written once the Registry is Ready.");
            return (ReconcileResult.Done, null);
        }

        // Only now can anything be written that deletion would have to undo; by now the Registry controller has added
        // its own finalizer, so the two rarely race for the object's version.
        await _finalizers.AddAsync(RegistryResources.Registries, registry, PullSecretResources.Finalizer, cancellationToken);
        var rule = SelectionRule.For(registry, [.. _options.TrustedNamespaces]);
        if (rule.Refusal is { } refusal)
        {
            report.Problem(rule.RefusalReason!, refusal);
        }

        var namespaces = _caches.Namespaces.Select(_ => true, n => (n.Metadata.Name, Served: rule.Serves(n.Metadata), Terminating: n.Metadata.DeletionTimestamp is not null));
        var served = namespaces.Where(n => n.Served).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        var terminating = namespaces.Where(n => n.Terminating).Select(n => n.Name).ToHashSet(StringComparer.Ordinal);

        // The Registry's own pull Secrets anywhere, and every pull Secret of the chosen name (another Registry's is a conflict).
        var secrets = _caches.Secrets.Select(s => SecretView.IsPullSecret(s) && (OwnedBy(s, uid) || s.Metadata.Name == secretName), SecretView.Of);
        var ours = OwnSecrets(secrets, uid);
        var named = secrets.Where(s => s.Name == secretName).ToDictionary(s => s.Namespace, StringComparer.Ordinal);

        var identity = RegistryIdentity.Of(registry, _credentials);
        var (outcome, failure) = await EnsureCredentialAsync(registry, id, identity, loginServer, report.Mode, state, ours, terminating, report, cancellationToken);
        report.Credential = outcome.Credential;
        var next = new NextPass(now);
        next.At(outcome.NextReview);
        next.At(now + _options.ResyncInterval);
        var fanOut = outcome.Credential is { } credential
            ? await FanOutAsync(registry, state, credential, secretName, accountNames, served, named, cancellationToken)
            : new FanOutResult();
        var cleanupStale = await RemoveUnselectedAsync(registry, secretName, accountNames, served, terminating, ours, cancellationToken);

        report.Served = fanOut.Served;
        report.Conflicts = fanOut.Conflicts;
        if (fanOut.Conflicts.Count > 0)
        {
            report.Problem(PullSecretConditions.SecretConflict, ConflictMessage(secretName, fanOut.Conflicts));
        }

        if (fanOut.Failures.Count > 0)
        {
            var (ns, error) = fanOut.Failures[0];
            report.Problem(PullSecretConditions.WriteFailed, $"Writing the pull Secret failed in {fanOut.Failures.Count} namespaces (first: {ns}: {error.Message}); retrying.");
            failure ??= error;
            _metrics.Failed(ObjectKey.Of(registry).ToString(), PullSecretConditions.WriteFailed);
        }

        if (outcome.Credential is { RetiredToken: not null } held && fanOut.Complete && !cleanupStale && failure is null
            && EverySecretHolds(OwnSecrets(_caches.Secrets.Select(s => SecretView.IsPullSecret(s) && OwnedBy(s, uid), SecretView.Of), uid), terminating, held))
        {
            // No Secret holds the old token's password any more.
            try
            {
                await _rotation.RetireTokenAsync(registry, id, identity, held, cancellationToken);
            }
            catch (CredentialsException e)
            {
                report.Problem(e.Reason, e.Message);
            }
        }

        _metrics.ManagedSecrets(ObjectKey.Of(registry).ToString(), fanOut.Served);
        _metrics.CredentialExpiry(ObjectKey.Of(registry).ToString(), outcome.Credential?.ExpiresAt);
        next.At(fanOut.NextCheck);
        if (fanOut.Stale || cleanupStale)
        {
            next.At(now + StaleRetry);
        }

        return (next.Result, failure);
    }

    /// <summary>The credential to fan out; an Azure failure keeps the stored one (if it still works) and is reported.</summary>
    private async Task<(CredentialOutcome Outcome, Exception? RetryWithBackoff)> EnsureCredentialAsync(
        Registry registry,
        ArmRegistryId id,
        RegistryIdentity identity,
        string loginServer,
        PullSecretCredential mode,
        RegistryPullState state,
        IReadOnlyList<SecretView> ours,
        HashSet<string> terminating,
        PullSecretReport report,
        CancellationToken cancellationToken)
    {
        var now = Now;
        var request = new CredentialRequest(
            registry,
            id,
            identity,
            loginServer,
            mode,
            now,
            ReconcilePolicies.IsObserveOnly(registry),
            ours.Select(s => SlotOf(s.CredentialLabel)).OfType<string>().ToHashSet(StringComparer.Ordinal));
        var registryName = ObjectKey.Of(registry).ToString();
        try
        {
            var outcome = await _rotation.EnsureAsync(request, state, held => EverySecretHolds(ours, terminating, held), cancellationToken);
            if (outcome.IssuedBecause is { } because)
            {
                _metrics.Rotated(registryName, because);
                LogIssued(_logger, outcome.Credential!.Label, because);
                _events.Record(registry, EventType.Normal, PullSecretConditions.CredentialRotated, $"New pull-secret credential ({outcome.Credential.Label}{Expiry(outcome.Credential)}): {because}; writing it to every selected namespace.");
            }

            if (outcome.Credential is null && outcome.Waiting is { } waiting)
            {
                report.Problem(PullSecretConditions.ProvisioningToken, waiting);
            }

            return (outcome, null);
        }
        catch (PullCredentialException e)
        {
            report.Problem(e.Reason, e.Message);
            _metrics.Failed(registryName, e.Reason);
            return (Fallback(registry, loginServer, now + _options.ResyncInterval), null);
        }
        catch (CredentialsException e)
        {
            // The Registry's credentials Secret is missing or malformed: a human must fix it, and its change is seen
            // on the next resync (Secrets are read, never watched).
            report.Problem(e.Reason, e.Message);
            _metrics.Failed(registryName, e.Reason);
            return (Fallback(registry, loginServer, now + _options.ResyncInterval), null);
        }
        catch (ArmRequestException e)
        {
            var retryAfter = e.Error.RetryAfter ?? _options.ResyncInterval;
            var (reason, message) = e.Kind switch
            {
                ArmErrorKind.Throttled => (PullSecretConditions.Throttled, $"Azure throttled the operator's credential requests; retrying in {retryAfter.TotalSeconds:0} s."),
                ArmErrorKind.Transient => (PullSecretConditions.CredentialFailed, $"An Azure request for the pull-secret credential failed temporarily ({e.Error.Code}); retrying."),
                _ => (PullSecretConditions.CredentialFailed, $"Azure refused the pull-secret credential request{(identity.Description is { } who ? $" made as {who}" : string.Empty)}: {e.Error.Code}: {e.Error.Message}"),
            };
            report.Problem(reason, message);
            _metrics.Failed(registryName, reason);
            LogCredentialFailed(_logger, e.Kind, e.Error.Code);
            var backoff = e.Kind == ArmErrorKind.Transient && e.Error.RetryAfter is null;
            return (Fallback(registry, loginServer, now + retryAfter), backoff ? e : null);
        }
    }

    /// <summary>When no credential could be had this pass: the stored one, if it is for this login server and still valid.</summary>
    private CredentialOutcome Fallback(Registry registry, string loginServer, DateTimeOffset nextReview)
    {
        var stored = _rotation.Store.Read(registry);
        var usable = stored?.Credential is { } c && string.Equals(c.LoginServer, loginServer, StringComparison.OrdinalIgnoreCase) && !(c.ExpiresAt <= Now) ? c : null;
        return new CredentialOutcome(usable, stored, null, nextReview);
    }

    /// <summary>Writes the credential where it is missing or old, and adds the ServiceAccount entries, a bounded number at a time.</summary>
    private async Task<FanOutResult> FanOutAsync(
        Registry registry,
        RegistryPullState state,
        PullCredential credential,
        string secretName,
        IList<string> accountNames,
        HashSet<string> served,
        Dictionary<string, SecretView> named,
        CancellationToken cancellationToken)
    {
        var now = Now;
        var uid = registry.Metadata.Uid;
        var dockerConfig = DockerConfigJson.Build(credential);
        var label = credential.Label;

        // Of the named accounts in the cache (labelled ones), only whether each already lists the Secret: a full view is
        // built only for an account that needs a patch.
        var listed = accountNames.Count == 0
            ? []
            : _caches.ServiceAccounts.Select(
                    a => served.Contains(a.Metadata.NamespaceProperty) && accountNames.Contains(a.Metadata.Name),
                    a => (Key: ObjectKey.Of(a), Lists: a.ImagePullSecrets?.Any(e => e.Name == secretName) == true))
                .ToDictionary(a => a.Key, a => a.Lists);

        foreach (var gone in state.Conflicts.Keys.Where(ns => !served.Contains(ns)).ToList())
        {
            state.Conflicts.Remove(gone);
            state.ReportedConflicts.Remove(gone);
        }

        var result = new FanOutResult();
        var conflicts = new ConcurrentDictionary<string, V1Secret?>(StringComparer.Ordinal);
        var work = new List<(string Namespace, SecretView? Secret)>();
        var inSync = 0;
        foreach (var ns in served)
        {
            var secret = _writer.Current(named.GetValueOrDefault(ns), uid, ns, secretName, label);
            if (secret is not null && !secret.IsOwnedBy(uid))
            {
                conflicts[ns] = Stub(secret);
                continue;
            }

            if (secret is null && state.Conflicts.TryGetValue(ns, out var recheck) && recheck > now)
            {
                conflicts[ns] = null;
                continue;
            }

            var secretInSync = secret is not null && secret.Holds(dockerConfig) && secret.CredentialLabel == label;
            if (secretInSync && accountNames.All(name => AccountSettled(state, listed, ns, name, secretName, now)))
            {
                inSync++;
                continue;
            }

            work.Add((ns, secret));
        }

        var outcomes = new ConcurrentBag<NamespaceOutcome>();
        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentWrites, CancellationToken = cancellationToken },
            async (item, ct) => outcomes.Add(await ConvergeNamespaceAsync(registry, item.Namespace, item.Secret, secretName, dockerConfig, label, accountNames, state, now, ct)));

        foreach (var outcome in outcomes)
        {
            switch (outcome.Secret)
            {
                case SecretWriteResult.Conflict:
                    conflicts[outcome.Namespace] = outcome.Foreign;
                    state.Conflicts[outcome.Namespace] = now + _options.ResyncInterval;
                    break;
                case SecretWriteResult.Created or SecretWriteResult.Updated or SecretWriteResult.Unchanged:
                    inSync++;
                    state.Conflicts.Remove(outcome.Namespace);
                    state.ReportedConflicts.Remove(outcome.Namespace);
                    break;
                case SecretWriteResult.Stale:
                    result.Stale = true;
                    break;
            }

            foreach (var (account, accountResult) in outcome.Accounts)
            {
                ScheduleAccountCheck(state, account, accountResult, now);
                result.Stale |= accountResult == ServiceAccountResult.Stale;
            }

            if (outcome.Failure is { } failure)
            {
                result.Failures.Add((outcome.Namespace, failure));
            }
        }

        foreach (var (ns, foreign) in conflicts)
        {
            if (state.ReportedConflicts.Add(ns) && foreign is not null)
            {
                _events.Record(foreign, EventType.Warning, PullSecretConditions.SecretConflict,
                    $"Registry {ObjectKey.Of(registry)} would write its pull Secret {secretName} here, but this Secret is not the operator's (it lacks the {LabelNames.ManagedBy}={LabelNames.ManagedByValue} and {LabelNames.RegistryUid} labels); it is left untouched. Rename or delete it, or choose another spec.pullSecret.secretName.");
            }
        }

        result.Served = inSync;
        result.Conflicts = [.. conflicts.Keys];
        result.Complete = work.Count == 0 || outcomes.All(o => o.Secret is not SecretWriteResult.Stale && o.Failure is null);
        result.NextCheck = state.AccountChecks.Where(a => served.Contains(a.Key.Namespace!)).Select(a => (DateTimeOffset?)a.Value.Next)
            .Concat(state.Conflicts.Values.Select(v => (DateTimeOffset?)v))
            .Min();
        return result;
    }

    /// <summary>One namespace: its Secret first, then (only once the Secret is there) the ServiceAccount entries.</summary>
    private async Task<NamespaceOutcome> ConvergeNamespaceAsync(
        Registry registry,
        string ns,
        SecretView? secret,
        string secretName,
        byte[] dockerConfig,
        string label,
        IList<string> accountNames,
        RegistryPullState state,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var accounts = new List<(ObjectKey, ServiceAccountResult)>();
        try
        {
            var (written, foreign) = await _writer.EnsureAsync(registry, ns, secretName, dockerConfig, label, secret, cancellationToken);
            if (written is SecretWriteResult.Created or SecretWriteResult.Updated)
            {
                LogSecretWritten(_logger, ns, secretName, written);
            }

            if (written is SecretWriteResult.Created or SecretWriteResult.Updated or SecretWriteResult.Unchanged)
            {
                foreach (var name in accountNames)
                {
                    var key = new ObjectKey(ns, name);
                    var account = _accounts.Pending(ns, name) ?? (_caches.ServiceAccounts.Get(key) is { } cached ? ServiceAccountView.Of(cached) : null);
                    if (account is null)
                    {
                        // Not labelled yet, so not cached: read it, unless it was missing a moment ago.
                        if (state.AccountChecks.TryGetValue(key, out var check) && check.Next > now)
                        {
                            continue;
                        }

                        account = await _accounts.ReadAsync(ns, name, cancellationToken);
                    }

                    accounts.Add((key, await _accounts.EnsureEntryAsync(registry.Metadata.Uid, secretName, account, cancellationToken)));
                }
            }

            return new NamespaceOutcome(ns, written, foreign, accounts, null);
        }
        catch (Exception e) when (e is Runtime.Kube.KubeApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new NamespaceOutcome(ns, null, null, accounts, e);
        }
    }

    /// <summary>Whether a named ServiceAccount needs no work now: it has the entry, or it was just found missing and is not due for another look.</summary>
    private bool AccountSettled(RegistryPullState state, Dictionary<ObjectKey, bool> listed, string ns, string name, string secretName, DateTimeOffset now)
    {
        var key = new ObjectKey(ns, name);
        if (_accounts.Pending(ns, name) is { } patched)
        {
            return patched.References(secretName);
        }

        if (listed.TryGetValue(key, out var lists))
        {
            return lists;
        }

        return state.AccountChecks.TryGetValue(key, out var check) && check.Next > now;
    }

    /// <summary>A ServiceAccount that does not exist is looked for again with backoff (they are not watched until labelled); one with someone else's entry at resync.</summary>
    private void ScheduleAccountCheck(RegistryPullState state, ObjectKey account, ServiceAccountResult result, DateTimeOffset now)
    {
        switch (result)
        {
            case ServiceAccountResult.Missing:
                var backoff = state.AccountChecks.TryGetValue(account, out var previous) ? TimeSpan.FromTicks(Math.Min(previous.Backoff.Ticks * 2, _options.ServiceAccountRecheckMax.Ticks)) : FirstAccountRecheck;
                state.AccountChecks[account] = (now + backoff, backoff);
                break;
            case ServiceAccountResult.ForeignEntry:
                state.AccountChecks[account] = (now + _options.ResyncInterval, _options.ResyncInterval);
                break;
            default:
                state.AccountChecks.Remove(account);
                break;
        }
    }

    /// <summary>
    /// Removes the Registry's ServiceAccount entries, then its Secrets, wherever the selection no longer reaches (or the
    /// name or account list changed). Terminating namespaces are left to the namespace controller. True if something
    /// changed under a write and needs another look.
    /// </summary>
    private async Task<bool> RemoveUnselectedAsync(Registry registry, string secretName, IList<string> accountNames, HashSet<string> served, HashSet<string> terminating, IReadOnlyList<SecretView> ours, CancellationToken cancellationToken)
    {
        var uid = registry.Metadata.Uid;
        var stale = false;
        var annotation = PullSecretResources.EntryAnnotation(uid);
        var unwanted = _caches.ServiceAccounts.Select(
            a => a.Metadata.Annotations?.TryGetValue(annotation, out var recorded) == true
                && !terminating.Contains(a.Metadata.NamespaceProperty)
                && !(served.Contains(a.Metadata.NamespaceProperty) && recorded == secretName && accountNames.Contains(a.Metadata.Name)),
            ServiceAccountView.Of);
        foreach (var cached in unwanted)
        {
            // A patch the cache does not show yet may have removed the entry already.
            if (_accounts.Current(cached, cached.Namespace, cached.Name) is { } account && account.RecordedEntry(uid) is not null)
            {
                stale |= !await _accounts.RemoveEntryAsync(uid, account, cancellationToken);
            }
        }

        foreach (var secret in ours)
        {
            var keep = secret.Name == secretName && served.Contains(secret.Namespace);
            if (!keep && !terminating.Contains(secret.Namespace))
            {
                LogSecretDeleted(_logger, secret.Namespace, secret.Name);
                stale |= !await _writer.DeleteAsync(secret, cancellationToken);
            }
        }

        return stale;
    }

    /// <summary>The Registry is being deleted or no longer asks for pull secrets: remove everything of it, then the finalizer.</summary>
    private async Task<ReconcileResult> ReleaseAsync(Registry registry, CancellationToken cancellationToken)
    {
        var uid = registry.Metadata.Uid;
        if (Finalizers.Has(registry, PullSecretResources.Finalizer))
        {
            var terminating = _caches.Namespaces.Select(n => n.Metadata.DeletionTimestamp is not null, n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);
            var ours = OwnSecrets(_caches.Secrets.Select(s => SecretView.IsPullSecret(s) && OwnedBy(s, uid), SecretView.Of), uid);
            if (await RemoveUnselectedAsync(registry, string.Empty, [], [], terminating, ours, cancellationToken))
            {
                return ReconcileResult.After(StaleRetry);
            }

            // Azure is written only where it must be: a skip Registry never got a token, and a registry the Registry
            // controller is deleting takes its tokens with it (deleting them too would only race that deletion).
            var registryGoes = registry.Metadata.DeletionTimestamp is not null && registry.Spec.DeletionPolicy != DeletionPolicy.Orphan;
            var id = !registryGoes && !ReconcilePolicies.IsObserveOnly(registry) && ArmRegistryId.TryParse(registry.Status.ResourceId, out var parsed) ? parsed : null;
            await ReleaseCredentialAsync(registry, id, cancellationToken);
            if (registry.Metadata.DeletionTimestamp is not null && Finalizers.Has(registry, RegistryResources.Finalizer))
            {
                // Ours goes last: removing it wakes the Registry controller, which mid-deletion would act on a stale
                // read of its own operation. Its finalizer's removal wakes this controller again.
                return ReconcileResult.Done;
            }

            await _finalizers.RemoveAsync(RegistryResources.Registries, registry, PullSecretResources.Finalizer, cancellationToken);
            _events.Record(registry, EventType.Normal, PullSecretConditions.Cleanup, $"Removed the pull Secrets ({ours.Count}) and ServiceAccount entries of this Registry, and its credential.");
            LogReleased(_logger, ours.Count);
        }

        if (registry.Metadata.DeletionTimestamp is null && (registry.Status.PullSecret is not null || Conditions.Find(registry.Status.Conditions, PullSecretConditions.PullSecretsReady) is not null))
        {
            var status = KubeObjects.DeepCopy(registry.Status);
            PullSecretReport.Clear(status);
            await _statusWriter.UpdateAsync(RegistryResources.Registries, registry, status, cancellationToken);
        }

        Forget(registry);
        return ReconcileResult.Done;
    }

    /// <summary>
    /// Deletes the Registry's token and credential record. Credentials that cannot be used any more (their Secret went
    /// first, as in a namespace deletion) must not hold the Registry forever: the token is left in Azure, with a Warning.
    /// </summary>
    private async Task ReleaseCredentialAsync(Registry registry, ArmRegistryId? id, CancellationToken cancellationToken)
    {
        var identity = RegistryIdentity.Of(registry, _credentials);
        try
        {
            await _rotation.ReleaseAsync(registry, id, identity, cancellationToken);
        }
        catch (CredentialsException e)
        {
            var token = PullSecretResources.TokenName(registry.Metadata.Uid);
            _events.Record(registry, EventType.Warning, e.Reason, $"Left the pull token {token} in registry {id!.Name}: {e.Message} Delete it with az acr token delete if it is no longer wanted.");
            // Without a registry id nothing is resolved: only the credential record goes.
            await _rotation.ReleaseAsync(registry, null, identity, cancellationToken);
        }
    }

    /// <summary>Writes status once; a change of counts only waits for the status interval, so a burst of namespaces costs a few writes.</summary>
    private async Task<ReconcileResult> WriteStatusAsync(Registry registry, RegistryPullState state, PullSecretReport report, ReconcileResult result, CancellationToken cancellationToken)
    {
        var now = Now;
        var desired = KubeObjects.DeepCopy(registry.Status) ?? new RegistryStatus();
        report.ApplyTo(desired, registry.Metadata.Generation, now);
        ReportProblem(registry, state, report);
        if (Same(registry.Status, desired))
        {
            return result;
        }

        if (OnlyCountsDiffer(registry.Status, desired) && state.LastStatusWrite is { } last && now - last < _options.StatusWriteInterval)
        {
            var wait = _options.StatusWriteInterval - (now - last);
            return result.RequeueAfter is { } after && after < wait ? result : ReconcileResult.After(wait);
        }

        if (await _statusWriter.UpdateAsync(RegistryResources.Registries, registry, desired, cancellationToken))
        {
            state.LastStatusWrite = now;
        }

        return result;
    }

    /// <summary>A Warning Event when a problem is new, not on every pass it persists.</summary>
    private void ReportProblem(Registry registry, RegistryPullState state, PullSecretReport report)
    {
        var first = report.Problems.Count > 0 ? report.Problems[0] : default;
        if (first.Reason == state.LastProblem)
        {
            return;
        }

        state.LastProblem = first.Reason;
        if (first.Reason is not null && first.Reason != PullSecretConditions.WaitingForRegistry)
        {
            _events.Record(registry, EventType.Warning, first.Reason, first.Message);
        }
    }

    /// <summary>The Registry's own pull Secrets, each as the pass should see it (a write the cache does not show yet counts).</summary>
    private List<SecretView> OwnSecrets(IReadOnlyList<SecretView> cached, string uid) =>
        [.. cached.Where(s => s.IsOwnedBy(uid)).Select(s => _writer.Current(s, uid, s.Namespace, s.Name, s.CredentialLabel ?? string.Empty)).OfType<SecretView>()];

    private static bool EverySecretHolds(IReadOnlyList<SecretView> ours, HashSet<string> terminating, PullCredential credential)
    {
        var dockerConfig = DockerConfigJson.Build(credential);
        return ours.All(s => terminating.Contains(s.Namespace) || s.Holds(dockerConfig));
    }

    private static bool OwnedBy(V1Secret secret, string uid) =>
        secret.Metadata.Labels?.TryGetValue(LabelNames.RegistryUid, out var owner) == true && owner == uid;

    /// <summary>The password slot in a credential annotation such as <c>Token/password2</c>.</summary>
    private static string? SlotOf(string? label) =>
        label is not null && label.StartsWith(nameof(PullSecretCredential.Token) + "/", StringComparison.Ordinal) ? label[(nameof(PullSecretCredential.Token).Length + 1)..] : null;

    /// <summary>A reference to a foreign Secret for an Event in its namespace.</summary>
    private static V1Secret Stub(SecretView secret) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = secret.Name, NamespaceProperty = secret.Namespace, Uid = secret.Uid },
    };

    private static string Expiry(PullCredential credential) => credential.ExpiresAt is { } at ? $", expires {at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}" : string.Empty;

    private static string ConflictMessage(string secretName, IReadOnlyCollection<string> conflicts)
    {
        var listed = string.Join(", ", conflicts.Order(StringComparer.Ordinal).Take(10));
        var more = conflicts.Count > 10 ? $" and {conflicts.Count - 10} more" : string.Empty;
        return $"{conflicts.Count} namespaces hold a Secret named {secretName} that is not this Registry's ({listed}{more}); they are left untouched. Rename or delete those Secrets, or choose another spec.pullSecret.secretName.";
    }

    private static bool Same(RegistryStatus current, RegistryStatus desired) =>
        JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(current)), JsonNode.Parse(KubernetesJson.Serialize(desired)));

    private static bool OnlyCountsDiffer(RegistryStatus current, RegistryStatus desired)
    {
        if (current.PullSecret is null || desired.PullSecret is null)
        {
            return false;
        }

        var withOldCount = KubeObjects.DeepCopy(desired);
        withOldCount.PullSecret!.NamespacesServed = current.PullSecret.NamespacesServed;
        return Same(current, withOldCount);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Issued pull-secret credential {Credential}: {Reason}")]
    private static partial void LogIssued(ILogger logger, string credential, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pull-secret credential request failed: {Kind} {Code}")]
    private static partial void LogCredentialFailed(ILogger logger, ArmErrorKind kind, string code);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Pull Secret {SecretNamespace}/{SecretName}: {Result}")]
    private static partial void LogSecretWritten(ILogger logger, string secretNamespace, string secretName, SecretWriteResult result);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleting pull Secret {SecretNamespace}/{SecretName}: its namespace is no longer selected")]
    private static partial void LogSecretDeleted(ILogger logger, string secretNamespace, string secretName);

    [LoggerMessage(Level = LogLevel.Information, Message = "Released the Registry's pull secrets ({Count} Secrets)")]
    private static partial void LogReleased(ILogger logger, int count);

    /// <summary>What became of one namespace in a pass.</summary>
    private sealed record NamespaceOutcome(string Namespace, SecretWriteResult? Secret, V1Secret? Foreign, List<(ObjectKey Account, ServiceAccountResult Result)> Accounts, Exception? Failure);

    /// <summary>The fan-out's tally.</summary>
    private sealed class FanOutResult
    {
        public int Served { get; set; }

        public IReadOnlyCollection<string> Conflicts { get; set; } = [];

        public List<(string Namespace, Exception Error)> Failures { get; } = [];

        public bool Stale { get; set; }

        /// <summary>Every selected namespace was written or needed nothing.</summary>
        public bool Complete { get; set; }

        public DateTimeOffset? NextCheck { get; set; }
    }

    /// <summary>The earliest of the times the pass wants to be woken at.</summary>
    private sealed class NextPass(DateTimeOffset now)
    {
        private DateTimeOffset? _at;

        public ReconcileResult Result => _at is { } at ? ReconcileResult.After(at > now ? at - now : TimeSpan.FromMilliseconds(1)) : ReconcileResult.Done;

        public void At(DateTimeOffset? at)
        {
            if (at is { } time && (_at is null || time < _at))
            {
                _at = time;
            }
        }
    }
}
