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
        var services = new AzureReconcilerServices(credentials, clients, finalizers, statusWriter, events, polls, time);
        _runner = new AzurePassRunner<Registry, RegistryStatus>("registry", RegistryResources.Registries, cache, services, options, logger);
    }

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) =>
        _runner.ReconcileAsync(key, PassAsync, cancellationToken);

    private async Task<ReconcileResult?> PassAsync(AzurePass<Registry, RegistryStatus> pass, CancellationToken cancellationToken)
    {
        var spec = pass.Resource.Spec;
        var id = TargetOf(pass.Resource);
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
            return await pass.ObserveAsync(InAzure(pass, id, await pass.ClientAsync(spec.CredentialsRef, cancellationToken)), cancellationToken);
        }

        await pass.AddFinalizerAsync(cancellationToken);
        return await pass.ConvergeAsync(InAzure(pass, id, await pass.ClientAsync(spec.CredentialsRef, cancellationToken)), cancellationToken);
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

        // A registry never targeted (no subscription) has nothing in Azure either.
        if (id is null || pass.LeavesAzureAlone(pass.Resource.Spec.DeletionPolicy))
        {
            await pass.ReleaseOrphanedAsync(cancellationToken);
            return null;
        }

        var arm = await pass.ClientAsync(pass.Resource.Spec.CredentialsRef, cancellationToken);
        return await pass.DeleteAsync(new AzureDeletion<ArmRegistry>(id.Name, id.ResourceId, ct => arm.BeginDeleteAsync(id, ct), arm.PollAsync), cancellationToken);
    }

    /// <summary>The registry in Azure, as the shared converge and observe steps need it.</summary>
    private static AzureResource<ArmRegistry> InAzure(AzurePass<Registry, RegistryStatus> pass, ArmRegistryId id, IArmRegistryClient arm)
    {
        var spec = pass.Resource.Spec;
        return new AzureResource<ArmRegistry>
        {
            Name = id.Name,
            ResourceId = id.ResourceId,
            Location = spec.Location,
            GetAsync = ct => arm.GetAsync(id, ct),
            PollAsync = arm.PollAsync,
            CreateAsync = ct => arm.BeginCreateAsync(id, RegistrySpecMapper.ToDefinition(spec), ct),
            Observe = observed =>
            {
                pass.Status.ResourceId = observed.Id;
                pass.Status.LoginServer = observed.LoginServer;
                pass.Status.ProvisioningState = observed.ProvisioningState;
            },
            ImmutableDifference = observed => RegistrySpecMapper.ImmutableDifference(spec, observed),
            DiffAsync = (observed, _) => Task.FromResult(RegistrySpecMapper.Diff(spec, observed) is { IsEmpty: false } update
                ? new AzureUpdate<ArmRegistry>(RegistrySpecMapper.Fields(update), ct => arm.BeginUpdateAsync(id, update, ct))
                : null),
            ReadyMessage = _ => $"The registry matches the spec; log in to {pass.Status.LoginServer}.",
        };
    }
}
