using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Events;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Status;

namespace AcrOperator.Controllers;

/// <summary>
/// Keeps an Azure Container Registry the way its Registry resource says. One pass: release it if it is being
/// deleted; add the finalizer; converge (poll a pending operation, or read Azure and create or patch only what
/// differs); the status is written once by <see cref="AzurePassRunner{TResource, TStatus}"/>. Azure operations are
/// started, kept in <c>status.operation</c> and polled on later passes, so no worker ever waits on Azure. Each pass
/// acts as the identity the resource's credentials name (<see cref="AzureCredentialsResolver"/>).
/// </summary>
public sealed class RegistryReconciler : IReconciler
{
    private readonly AzurePassRunner<Registry, RegistryStatus> _runner;
    private readonly RegistryReconcilerOptions _options;

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
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _runner = new AzurePassRunner<Registry, RegistryStatus>("registry", RegistryResources.Registries, cache, credentials, clients, finalizers, statusWriter, events, options, polls, time, logger);
    }

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) =>
        _runner.ReconcileAsync(key, PassAsync, cancellationToken);

    private async Task<ReconcileResult?> PassAsync(AzurePass<Registry, RegistryStatus> pass, CancellationToken cancellationToken)
    {
        var registry = pass.Resource;
        var id = TargetOf(registry);
        if (id is not null)
        {
            pass.ExplainTerminal = (error, identity) => RegistryConditions.ForTerminal(error, id, identity);
        }

        if (pass.IsDeleting)
        {
            return await FinalizeAsync(pass, id, cancellationToken);
        }

        if (id is null)
        {
            pass.SetStalled(RegistryConditions.SubscriptionNotConfigured, $"No Azure subscription: set spec.subscriptionId or the operator setting {AzureOptions.Section}:DefaultSubscriptionId.");
            return ReconcileResult.Done;
        }

        if (pass.IsObserveOnly)
        {
            var observer = await pass.ClientAsync(registry.Spec.CredentialsRef, cancellationToken);
            var observed = await observer.GetAsync(id, cancellationToken);
            if (observed is not null)
            {
                Observe(pass.Status, observed);
            }

            return pass.Observed(observed is not null, id.ResourceId);
        }

        await pass.AddFinalizerAsync(cancellationToken);
        var arm = await pass.ClientAsync(registry.Spec.CredentialsRef, cancellationToken);
        return await ConvergeAsync(pass, id, arm, cancellationToken);
    }

    private ArmRegistryId? TargetOf(Registry registry)
    {
        var subscription = registry.Spec.SubscriptionId is { Length: > 0 } own ? own : _options.DefaultSubscriptionId;
        return string.IsNullOrEmpty(subscription) ? null : new ArmRegistryId(subscription, registry.Spec.ResourceGroup, RegistrySpecMapper.AzureName(registry));
    }

    /// <summary>Deletes the registry in Azure when the policy says so, then releases the finalizer; null once released, else when to look again.</summary>
    private static async Task<ReconcileResult?> FinalizeAsync(AzurePass<Registry, RegistryStatus> pass, ArmRegistryId? id, CancellationToken cancellationToken)
    {
        if (!pass.HasFinalizer)
        {
            return null;
        }

        // Never-targeted registries (no subscription) have nothing in Azure either.
        if (id is null || pass.LeavesAzureAlone(pass.Resource.Spec.DeletionPolicy))
        {
            await pass.ReleaseOrphanedAsync(cancellationToken);
            return null;
        }

        var arm = await pass.ClientAsync(pass.Resource.Spec.CredentialsRef, cancellationToken);
        return await pass.DeleteAsync(new AzureDeletion<ArmRegistry>(id.Name, id.ResourceId, ct => arm.BeginDeleteAsync(id, ct), arm.PollAsync), cancellationToken);
    }

    /// <summary>Moves Azure one step toward the spec: finish a pending operation, else create, patch, or confirm.</summary>
    private static async Task<ReconcileResult> ConvergeAsync(AzurePass<Registry, RegistryStatus> pass, ArmRegistryId id, IArmRegistryClient arm, CancellationToken cancellationToken)
    {
        var spec = pass.Resource.Spec;
        var (wait, observed) = await pass.ReadAsync(id.ResourceId, arm.PollAsync, ct => arm.GetAsync(id, ct), cancellationToken);
        if (wait is { } pending)
        {
            return pending;
        }

        if (observed is null)
        {
            pass.Creating(id.Name, id.ResourceId, spec.Location);
            var created = await arm.BeginCreateAsync(id, RegistrySpecMapper.ToDefinition(spec), cancellationToken);
            return pass.Started(AzureOperationKind.Create, created, resource => Converged(pass, resource));
        }

        // From here on the registry exists, whether we created it or adopt it.
        Observe(pass.Status, observed);
        if (pass.Unsettled(observed.ProvisioningState) is { } settling)
        {
            return settling;
        }

        if (RegistrySpecMapper.ImmutableDifference(spec, observed) is { } immutable)
        {
            return pass.Stalled(AzureConditions.InvalidSpec, immutable);
        }

        var update = RegistrySpecMapper.Diff(spec, observed);
        if (update.IsEmpty)
        {
            return Converged(pass, observed);
        }

        pass.Updating(id.Name, id.ResourceId, RegistrySpecMapper.Fields(update));
        var updated = await arm.BeginUpdateAsync(id, update, cancellationToken);
        return pass.Started(AzureOperationKind.Update, updated, resource => Converged(pass, resource));
    }

    private static ReconcileResult Converged(AzurePass<Registry, RegistryStatus> pass, ArmRegistry observed)
    {
        Observe(pass.Status, observed);
        return pass.Converged($"The registry matches the spec; log in to {pass.Status.LoginServer}.");
    }

    private static void Observe(RegistryStatus status, ArmRegistry observed)
    {
        status.ResourceId = observed.Id;
        status.LoginServer = observed.LoginServer;
        status.ProvisioningState = observed.ProvisioningState;
    }
}
