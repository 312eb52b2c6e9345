using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Informers;
using static AcrOperator.Controllers.SpecValues;

namespace AcrOperator.Controllers;

/// <summary>
/// Keeps a geo-replication of a registry the way its Replication says. One pass: release it if it is being deleted;
/// wait for its registry; check that Azure can have it (a Premium registry, not in the registry's own region, whose
/// replication Azure keeps by itself and this operator never touches); then the steps every kind shares
/// (<see cref="AzurePass{TResource, TStatus}.ConvergeAsync{T}"/>). The replication is named after its location, as
/// Azure names the home one.
/// </summary>
public sealed class ReplicationReconciler : IReconciler
{
    private readonly AzurePassRunner<Replication, ReplicationStatus> _runner;
    private readonly RegistryRefResolver _registries;

    public ReplicationReconciler(ObjectStore<Replication> cache, RegistryRefResolver registries, AzureReconcilerServices services, ReconcilerOptions options, ILogger<ReplicationReconciler> logger)
    {
        _registries = registries ?? throw new ArgumentNullException(nameof(registries));
        _runner = new AzurePassRunner<Replication, ReplicationStatus>("replication", ReplicationResources.Replications, cache, services, options, logger);
    }

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) =>
        _runner.ReconcileAsync(key, PassAsync, cancellationToken);

    private async Task<ReconcileResult?> PassAsync(AzurePass<Replication, ReplicationStatus> pass, CancellationToken cancellationToken)
    {
        var spec = pass.Resource.Spec;
        var registry = _registries.Resolve(pass.Resource.Metadata.NamespaceProperty, spec.RegistryRef);
        var id = registry.Id is { } registryId ? new ArmRegistryChildId(registryId, ArmRegistryChildId.Replications, spec.Location) : null;
        if (pass.IsDeleting)
        {
            return await FinalizeAsync(pass, id, cancellationToken);
        }

        if (id is null)
        {
            return registry.NeedsHuman ? pass.Refuse(registry.Reason, registry.Message) : pass.WaitingFor(registry.Reason, registry.Message);
        }

        pass.ExplainTerminal = (error, identity) => ReplicationConditions.ForTerminal(error, id, identity);
        if (pass.IsObserveOnly)
        {
            return await pass.ObserveAsync(InAzure(pass, id, await pass.ClientAsync(spec.CredentialsRef, cancellationToken)), cancellationToken);
        }

        await pass.AddFinalizerAsync(cancellationToken);
        var arm = await pass.ClientAsync(spec.CredentialsRef, cancellationToken);
        if (pass.Status.Operation is null && await RefusalAsync(pass, id, arm, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await pass.ConvergeAsync(InAzure(pass, id, arm), cancellationToken);
    }

    /// <summary>
    /// Why the registry cannot have this replication, as a Stalled result; null when it can. Checked in Azure before
    /// any write (a pending operation was already allowed), so a Standard registry or the home region is a condition
    /// saying what to do, never an error loop, and the home replication is never adopted, changed or deleted.
    /// </summary>
    private static async Task<ReconcileResult?> RefusalAsync(AzurePass<Replication, ReplicationStatus> pass, ArmRegistryChildId id, IArmRegistryClient arm, CancellationToken cancellationToken)
    {
        var registry = await arm.GetAsync(id.Registry, cancellationToken);
        if (registry is null)
        {
            return pass.Refuse(RegistryRefResolver.RegistryNotFoundInAzure, $"Registry {id.Registry} does not exist in Azure; create it, or fix spec.registryRef.");
        }

        if (SameLocation(registry.Location, pass.Resource.Spec.Location))
        {
            return pass.Refuse(ReplicationConditions.HomeRegion, $"spec.location {pass.Resource.Spec.Location} is registry {registry.Name}'s own region, whose replication Azure keeps by itself and the operator never touches; choose another region.");
        }

        return Same("Premium", registry.Sku) ? null : pass.Refuse(ReplicationConditions.PremiumRequired, ReplicationConditions.PremiumRequiredMessage(id.Registry, registry.Sku));
    }

    /// <summary>
    /// Deletes the replication the operator created or adopted (its id in status, or the one a pending operation is
    /// writing) when the policy says so, never the home one; then releases the finalizer. Null once released.
    /// </summary>
    private static async Task<ReconcileResult?> FinalizeAsync(AzurePass<Replication, ReplicationStatus> pass, ArmRegistryChildId? resolved, CancellationToken cancellationToken)
    {
        if (!pass.HasFinalizer)
        {
            return null;
        }

        if (pass.LeavesAzureAlone(pass.Resource.Spec.DeletionPolicy))
        {
            await pass.ReleaseOrphanedAsync(cancellationToken);
            return null;
        }

        if (RegistryRefResolver.Owned(pass.Status, ArmRegistryChildId.Replications, resolved) is not { } id)
        {
            await pass.ReleaseUntouchedAsync("The replication was never created or adopted in Azure; there is nothing to delete.", cancellationToken);
            return null;
        }

        var arm = await pass.ClientAsync(pass.Resource.Spec.CredentialsRef, cancellationToken);
        if (await arm.GetAsync(id.Registry, cancellationToken) is { } registry && SameLocation(registry.Location, id.Name))
        {
            await pass.ReleaseUntouchedAsync($"Replication {id.Name} is registry {registry.Name}'s home replication, which Azure removes only with the registry; it is left as it is.", cancellationToken);
            return null;
        }

        var replications = arm.Replications;
        return await pass.DeleteAsync(new AzureDeletion<ArmReplication>(id.Name, id.ResourceId, ct => replications.BeginDeleteAsync(id, ct), replications.PollAsync), cancellationToken);
    }

    /// <summary>The replication in Azure, as the shared converge and observe steps need it.</summary>
    private static AzureResource<ArmReplication> InAzure(AzurePass<Replication, ReplicationStatus> pass, ArmRegistryChildId id, IArmRegistryClient arm)
    {
        var spec = pass.Resource.Spec;
        var replications = arm.Replications;
        return new AzureResource<ArmReplication>
        {
            Name = id.Name,
            ResourceId = id.ResourceId,
            Location = spec.Location,
            GetAsync = ct => replications.GetAsync(id, ct),
            PollAsync = replications.PollAsync,
            CreateAsync = ct => replications.BeginCreateAsync(id, ReplicationSpecMapper.ToDefinition(spec), ct),
            Observe = observed =>
            {
                pass.Status.ResourceId = observed.Id;
                pass.Status.ProvisioningState = observed.ProvisioningState;
            },
            ImmutableDifference = observed => ReplicationSpecMapper.ImmutableDifference(spec, observed),
            DiffAsync = (observed, _) => Task.FromResult(ReplicationSpecMapper.Diff(spec, observed) is { IsEmpty: false } update
                ? new AzureUpdate<ArmReplication>(ReplicationSpecMapper.Fields(update), ct => replications.BeginUpdateAsync(id, update, ct))
                : null),
            ReadyMessage = observed => $"The replication of registry {id.Registry.Name} in {observed.Location} matches the spec.",
        };
    }
}
