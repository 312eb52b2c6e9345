using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Status;
using k8s;
using k8s.Models;

namespace AcrOperator.Controllers;

/// <summary>
/// Which registry a child resource (Replication, Webhook) belongs to: a Registry in its own namespace by name, which
/// it waits for until that Registry is Ready with a resource id, or any registry by ARM id (one not managed here).
/// Reads the Registry informer's cache only. <see cref="RequeueChildren{T}"/> wakes the children when their Registry
/// changes in a way that matters to them, so waiting costs no polling.
/// </summary>
public sealed class RegistryRefResolver
{
    /// <summary>Condition reason: the Registry named by spec.registryRef.name does not exist (yet).</summary>
    public const string RegistryNotFound = "RegistryNotFound";

    /// <summary>Condition reason: the Registry exists but is not Ready, or is being deleted.</summary>
    public const string RegistryNotReady = "RegistryNotReady";

    /// <summary>Condition reason: the registry a child names (by ARM id, or behind a Registry) does not exist in Azure.</summary>
    public const string RegistryNotFoundInAzure = "RegistryNotFoundInAzure";

    private readonly ObjectStore<Registry> _registries;

    public RegistryRefResolver(ObjectStore<Registry> registries) => _registries = registries ?? throw new ArgumentNullException(nameof(registries));

    public RegistryRefResolution Resolve(string @namespace, RegistryRef reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.ArmId is { Length: > 0 } armId)
        {
            // The CRD's pattern admits only registry ids; a failure here means the schema was bypassed.
            return ArmRegistryId.TryParse(armId, out var byId)
                ? RegistryRefResolution.Resolved(byId)
                : RegistryRefResolution.Refused(AzureConditions.InvalidSpec, $"spec.registryRef.armId {armId} is not a registry's ARM id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>); fix it.");
        }

        var name = reference.Name ?? "";
        var registry = _registries.Get(new ObjectKey(@namespace, name));
        if (registry is null)
        {
            return RegistryRefResolution.Waiting(RegistryNotFound, $"Registry {name} does not exist in namespace {@namespace}; waiting for it. Create it, or fix spec.registryRef.");
        }

        if (registry.Metadata.DeletionTimestamp is not null)
        {
            return RegistryRefResolution.Waiting(RegistryNotReady, $"Registry {name} is being deleted; nothing can be added to it.");
        }

        var ready = Conditions.Find(registry.Status.Conditions, ConditionTypes.Ready);
        if (ready?.Status != Conditions.True || !ArmRegistryId.TryParse(registry.Status.ResourceId, out var id))
        {
            var now = ready is null ? "it has no Ready condition yet" : $"it is {ready.Reason}: {ready.Message}";
            return RegistryRefResolution.Waiting(RegistryNotReady, $"Waiting for Registry {name} to be Ready ({now}).");
        }

        return RegistryRefResolution.Resolved(id);
    }

    /// <summary>
    /// The child a resource owns in Azure, the one deletion may remove: the one recorded in status (created or adopted
    /// by this operator), else the one a pending operation is writing (<paramref name="resolved"/>); null when none.
    /// A child that exists but was never recorded is someone else's.
    /// </summary>
    public static ArmRegistryChildId? Owned(IAzureResourceStatus status, string collection, ArmRegistryChildId? resolved)
    {
        ArgumentNullException.ThrowIfNull(status);
        return ArmRegistryChildId.TryParse(status.ResourceId, collection, out var recorded) ? recorded
            : status.Operation is not null ? resolved
            : null;
    }

    /// <summary>
    /// The location of registry <paramref name="id"/>, where its webhooks and tasks live; a registry that is not there
    /// fails as ARM would fail the child's create.
    /// </summary>
    public static async Task<string> LocationAsync(IArmRegistryClient arm, ArmRegistryId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arm);
        var registry = await arm.GetAsync(id, cancellationToken)
            ?? throw new ArmRequestException(new ArmError(ArmErrorKind.NotFound, ArmErrorCodes.ParentResourceNotFound, $"Registry {id} was not found.", 404));
        return registry.Location;
    }

    /// <summary>
    /// Whether a Registry change can change what children naming it resolve to, or what they find in Azure: it came or
    /// went, its Ready flipped, its resource id moved, it was reconciled at a new generation (a SKU change), or its
    /// deletion began.
    /// </summary>
    public static bool Affects(ResourceEvent<Registry> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Type != ResourceEventType.Updated || change.Previous is not { } before)
        {
            return true;
        }

        var after = change.Current;
        return Conditions.IsTrue(before.Status.Conditions, ConditionTypes.Ready) != Conditions.IsTrue(after.Status.Conditions, ConditionTypes.Ready)
            || !string.Equals(before.Status.ResourceId, after.Status.ResourceId, StringComparison.OrdinalIgnoreCase)
            || before.Status.ObservedGeneration != after.Status.ObservedGeneration
            || before.Metadata.DeletionTimestamp != after.Metadata.DeletionTimestamp;
    }

    /// <summary>
    /// Queues, through <paramref name="enqueue"/>, the children in <paramref name="children"/> that name a Registry by
    /// <paramref name="reference"/> whenever that Registry changes as <see cref="Affects"/> says.
    /// </summary>
    public static void RequeueChildren<T>(Informer<Registry> registries, ObjectStore<T> children, Func<T, RegistryRef> reference, Action<ObjectKey> enqueue)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(registries);
        ArgumentNullException.ThrowIfNull(children);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(enqueue);
        registries.AddHandler(change =>
        {
            if (!Affects(change))
            {
                return;
            }

            var registry = change.Current.Metadata;
            foreach (var child in children.List(c => c.Metadata.NamespaceProperty == registry.NamespaceProperty && reference(c).Name == registry.Name))
            {
                enqueue(ObjectKey.Of(child));
            }
        });
    }
}
