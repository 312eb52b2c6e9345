using System.Text.Json.Nodes;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Informers;

namespace AcrOperator.Controllers;

/// <summary>
/// Keeps an ACR task the way its BuildTask says, and runs it when asked. One pass: release it if it is being deleted;
/// wait for its registry; refuse what Azure would refuse (a bad cron schedule); read the secret values its Secrets
/// hold (<see cref="BuildTaskSecrets"/>, which also watches them) and mask them in every message; then the steps every
/// kind shares (<see cref="AzurePass{TResource, TStatus}.ConvergeAsync{T}"/>), comparing through listDetails since
/// GET never shows the secrets; last, the runs (<see cref="BuildTaskRuns"/>).
/// </summary>
public sealed class BuildTaskReconciler : IReconciler
{
    private readonly AzurePassRunner<BuildTask, BuildTaskStatus> _runner;
    private readonly RegistryRefResolver _registries;
    private readonly BuildTaskSecrets _secrets;
    private readonly BuildTaskRuns _runs;

    public BuildTaskReconciler(ObjectStore<BuildTask> cache, RegistryRefResolver registries, BuildTaskSecrets secrets, AzureReconcilerServices services, ReconcilerOptions options, ILogger<BuildTaskReconciler> logger)
    {
        _registries = registries ?? throw new ArgumentNullException(nameof(registries));
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
        _runs = new BuildTaskRuns(services);
        _runner = new AzurePassRunner<BuildTask, BuildTaskStatus>("task", BuildTaskResources.BuildTasks, cache, services, options, logger);
    }

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) =>
        _runner.ReconcileAsync(key, PassAsync, cancellationToken, gone: Forget);

    private void Forget(ObjectKey key)
    {
        _secrets.Forget(key);
        _runs.Forget(key);
    }

    private async Task<ReconcileResult?> PassAsync(AzurePass<BuildTask, BuildTaskStatus> pass, CancellationToken cancellationToken)
    {
        var spec = pass.Resource.Spec;
        var registry = _registries.Resolve(pass.Resource.Metadata.NamespaceProperty, spec.RegistryRef);
        var id = registry.Id is { } registryId ? new ArmRegistryChildId(registryId, ArmRegistryChildId.Tasks, BuildTaskSpecMapper.AzureName(pass.Resource)) : null;
        if (pass.IsDeleting)
        {
            return await FinalizeAsync(pass, id, cancellationToken);
        }

        if (id is null)
        {
            var waiting = registry.NeedsHuman ? pass.Refuse(registry.Reason, registry.Message) : pass.WaitingFor(registry.Reason, registry.Message);
            return waiting.Sooner(await FollowRunAsync(pass, RegistryRefResolver.Owned(pass.Status, ArmRegistryChildId.Tasks, resolved: null), cancellationToken));
        }

        pass.ExplainTerminal = (error, identity) => AzureConditions.ForTerminal(error, id.ResourceId, id.Registry.ResourceGroup, identity);
        var arm = await pass.ClientAsync(spec.CredentialsRef, cancellationToken);
        if (pass.IsObserveOnly)
        {
            return await pass.ObserveAsync(InAzure(pass, id, arm, wanted: null), cancellationToken);
        }

        var secrets = await _secrets.ReadAsync(pass.Resource, cancellationToken);
        pass.Conceal(secrets.All);
        var polling = await _runs.FollowAsync(pass, id.Registry, arm.Tasks, cancellationToken);
        if (BuildTaskSpecMapper.Invalid(spec) is { } invalid)
        {
            return pass.Refuse(BuildTaskConditions.InvalidSchedule, invalid).Sooner(polling);
        }

        if (!secrets.IsRead)
        {
            return pass.Refuse(secrets.Reason, secrets.Message).Sooner(polling);
        }

        await pass.AddFinalizerAsync(cancellationToken);
        var converged = await pass.ConvergeAsync(InAzure(pass, id, arm, BuildTaskSpecMapper.Properties(spec, secrets)), cancellationToken);
        return await _runs.StartRequestedAsync(pass, id, arm.Tasks, converged.Sooner(polling), cancellationToken);
    }

    /// <summary>A run in progress is polled even while the registry is not Ready, through the task id status recorded.</summary>
    private async Task<ReconcileResult?> FollowRunAsync(AzurePass<BuildTask, BuildTaskStatus> pass, ArmRegistryChildId? task, CancellationToken cancellationToken) =>
        task is not null && pass.Status.LastRun is { } last && ArmTaskRun.IsActive(last.Status)
            ? await _runs.FollowAsync(pass, task.Registry, (await pass.ClientAsync(pass.Resource.Spec.CredentialsRef, cancellationToken)).Tasks, cancellationToken)
            : null;

    /// <summary>Deletes the task the operator created or adopted when the policy says so, then stops watching its Secrets.</summary>
    private async Task<ReconcileResult?> FinalizeAsync(AzurePass<BuildTask, BuildTaskStatus> pass, ArmRegistryChildId? resolved, CancellationToken cancellationToken)
    {
        var spec = pass.Resource.Spec;
        var result = await pass.FinalizeChildAsync(
            spec.DeletionPolicy,
            spec.CredentialsRef,
            RegistryRefResolver.Owned(pass.Status, ArmRegistryChildId.Tasks, resolved),
            (arm, id) => new AzureDeletion<ArmTask>(id.Name, id.ResourceId, ct => arm.Tasks.BeginDeleteAsync(id, ct), arm.Tasks.PollAsync),
            cancellationToken);
        if (result is null)
        {
            _secrets.Forget(ObjectKey.Of(pass.Resource));
        }

        return result;
    }

    /// <summary>
    /// The task in Azure, as the shared converge and observe steps need it; <paramref name="wanted"/> (its properties as
    /// the spec wants them) is null when only observing. A difference a PATCH cannot express (a dropped trigger or
    /// custom registry) is sent as a PUT of the whole task.
    /// </summary>
    private static AzureResource<ArmTask> InAzure(AzurePass<BuildTask, BuildTaskStatus> pass, ArmRegistryChildId id, IArmRegistryClient arm, JsonObject? wanted)
    {
        var spec = pass.Resource.Spec;
        var tasks = arm.Tasks;
        async Task<ArmTaskDefinition> DefinitionAsync(JsonObject properties, CancellationToken ct) =>
            BuildTaskSpecMapper.ToDefinition(spec, properties, await RegistryRefResolver.LocationAsync(arm, id.Registry, ct));
        return new AzureResource<ArmTask>
        {
            Name = id.Name,
            ResourceId = id.ResourceId,
            Location = $"registry {id.Registry.Name}",
            GetAsync = ct => tasks.GetAsync(id, ct),
            PollAsync = tasks.PollAsync,
            CreateAsync = async ct => await tasks.BeginCreateAsync(id, await DefinitionAsync(wanted!, ct), ct),
            Observe = observed =>
            {
                pass.Status.ResourceId = observed.Id;
                pass.Status.ProvisioningState = observed.ProvisioningState;
            },
            DiffAsync = async (_, ct) =>
            {
                // Only listDetails shows the secret values, so drift on them is found there.
                var details = await tasks.GetDetailsAsync(id, ct);
                if (details is null || BuildTaskSpecMapper.Diff(spec, wanted!, details) is not { IsEmpty: false } update)
                {
                    return null;
                }

                return BuildTaskSpecMapper.NeedsReplacement(update, details)
                    ? new AzureUpdate<ArmTask>(BuildTaskSpecMapper.Fields(update), async c => await tasks.BeginCreateAsync(id, await DefinitionAsync(BuildTaskSpecMapper.Replacement(wanted!, details), c), c))
                    : new AzureUpdate<ArmTask>(BuildTaskSpecMapper.Fields(update), c => tasks.BeginUpdateAsync(id, update, c));
            },
            ReadyMessage = observed => $"The task matches the spec; it is {(observed.Enabled ? "enabled" : "disabled")}.",
        };
    }
}
