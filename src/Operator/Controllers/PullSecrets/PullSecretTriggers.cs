using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.Queue;
using k8s.Models;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// Maps the watch events the pull-secret controller listens to onto Registry keys: a Registry change that matters
/// to its pull secrets; a namespace entering or leaving a Registry's selection (a new namespace gets its Secret from
/// this event, not from a poll); a change to one of the operator's Secrets or ServiceAccount entries made by someone
/// else. The operator's own writes coming back through the watch wake nothing.
/// </summary>
public sealed class PullSecretTriggers
{
    private readonly PullSecretCaches _caches;
    private readonly WorkQueue<ObjectKey> _queue;
    private readonly PullSecretReconciler _reconciler;
    private readonly PullSecretWriter _writer;
    private readonly ServiceAccountPatcher _accounts;
    private readonly CredentialStore _store;
    private readonly IReadOnlyCollection<string> _trusted;

    public PullSecretTriggers(PullSecretCaches caches, WorkQueue<ObjectKey> queue, PullSecretReconciler reconciler, PullSecretWriter writer, ServiceAccountPatcher accounts, CredentialStore store, PullSecretOptions options)
    {
        _caches = caches ?? throw new ArgumentNullException(nameof(caches));
        _queue = queue ?? throw new ArgumentNullException(nameof(queue));
        _reconciler = reconciler ?? throw new ArgumentNullException(nameof(reconciler));
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _accounts = accounts ?? throw new ArgumentNullException(nameof(accounts));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentNullException.ThrowIfNull(options);
        _trusted = [.. options.TrustedNamespaces];
    }

    public void OnRegistry(ResourceEvent<Registry> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var registry = change.Current;
        if (change.Type == ResourceEventType.Deleted)
        {
            _reconciler.Forget(registry);
            return;
        }

        var involved = registry.Spec.PullSecret is not null || Finalizers.Has(registry, PullSecretResources.Finalizer) || registry.Status.PullSecret is not null;
        if (!involved)
        {
            return;
        }

        // Status-only updates are skipped (most are the operator's own), except the two fields this controller needs.
        var before = change.Previous?.Status;
        if (ReconcileTriggers.ShouldReconcile(change)
            || before?.LoginServer != registry.Status.LoginServer
            || before?.ResourceId != registry.Status.ResourceId)
        {
            _queue.Add(ObjectKey.Of(registry));
        }
    }

    public void OnNamespace(ResourceEvent<PartialObjectMetadata> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var previous = change.Previous?.Metadata;
        var current = change.Type == ResourceEventType.Deleted ? null : change.Current.Metadata;
        var affected = _caches.Registries.Select(
            r => r.Spec.PullSecret is not null,
            r =>
            {
                var rule = SelectionRule.For(r, _trusted);
                var before = previous is not null && rule.Serves(previous);
                var after = current is not null && rule.Serves(current);
                // A new namespace is also a chance to settle a namespace that was being created when the Registry looked.
                return (Key: ObjectKey.Of(r), Changed: before != after || (change.Type == ResourceEventType.Added && after));
            });
        foreach (var (key, changed) in affected)
        {
            if (changed)
            {
                _queue.Add(key);
            }
        }
    }

    public void OnSecret(ResourceEvent<V1Secret> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_writer.Expectations.Observe(change) | _store.Expectations.Observe(change))
        {
            return;
        }

        if (change.Current.Metadata.Labels?.TryGetValue(LabelNames.RegistryUid, out var uid) == true)
        {
            Enqueue(uid);
        }
    }

    public void OnServiceAccount(ResourceEvent<V1ServiceAccount> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (_accounts.Expectations.Observe(change))
        {
            return;
        }

        var annotations = change.Current.Metadata.Annotations ?? change.Previous?.Metadata.Annotations;
        foreach (var key in annotations?.Keys ?? [])
        {
            if (key.StartsWith(AnnotationNames.ImagePullSecretEntryPrefix, StringComparison.Ordinal))
            {
                Enqueue(key[AnnotationNames.ImagePullSecretEntryPrefix.Length..]);
            }
        }
    }

    private void Enqueue(string registryUid)
    {
        foreach (var key in _caches.Registries.Select(r => r.Metadata.Uid == registryUid, ObjectKey.Of))
        {
            _queue.Add(key);
        }
    }
}
