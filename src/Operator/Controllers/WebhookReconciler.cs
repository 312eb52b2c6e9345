using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Events;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Status;

namespace AcrOperator.Controllers;

/// <summary>
/// Keeps a registry webhook the way its Webhook says. One pass: release it if it is being deleted; wait for its
/// registry; read the service URI and headers from the Secrets it names (<see cref="WebhookSecrets"/>, which also
/// watches them); then the steps every kind shares (<see cref="AzurePass{TResource, TStatus}.ConvergeAsync{T}"/>),
/// comparing the callback through getCallbackConfig since GET never returns it; last, one ping per new value of
/// <see cref="AnnotationNames.PingRequestedAt"/>. The URI and headers are masked in every message the pass reports.
/// </summary>
public sealed class WebhookReconciler : IReconciler
{
    /// <summary>Event reason: a ping event was sent.</summary>
    public const string Pinged = "Pinged";

    /// <summary>Event reason: Azure refused the ping.</summary>
    public const string PingFailed = "PingFailed";

    private readonly AzurePassRunner<Webhook, WebhookStatus> _runner;
    private readonly RegistryRefResolver _registries;
    private readonly WebhookSecrets _secrets;
    private readonly IEventRecorder _events;

    public WebhookReconciler(ObjectStore<Webhook> cache, RegistryRefResolver registries, WebhookSecrets secrets, AzureReconcilerServices services, ReconcilerOptions options, ILogger<WebhookReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        _registries = registries ?? throw new ArgumentNullException(nameof(registries));
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
        _events = services.Events;
        _runner = new AzurePassRunner<Webhook, WebhookStatus>("webhook", WebhookResources.Webhooks, cache, services, options, logger);
    }

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) =>
        _runner.ReconcileAsync(key, PassAsync, cancellationToken, gone: _secrets.Forget);

    private async Task<ReconcileResult?> PassAsync(AzurePass<Webhook, WebhookStatus> pass, CancellationToken cancellationToken)
    {
        var spec = pass.Resource.Spec;
        var registry = _registries.Resolve(pass.Resource.Metadata.NamespaceProperty, spec.RegistryRef);
        var id = registry.Id is { } registryId ? new ArmRegistryChildId(registryId, ArmRegistryChildId.Webhooks, WebhookSpecMapper.AzureName(pass.Resource)) : null;
        if (pass.IsDeleting)
        {
            return await FinalizeAsync(pass, id, cancellationToken);
        }

        if (id is null)
        {
            return registry.NeedsHuman ? pass.Refuse(registry.Reason, registry.Message) : pass.WaitingFor(registry.Reason, registry.Message);
        }

        pass.ExplainTerminal = (error, identity) => AzureConditions.ForTerminal(error, id.ResourceId, id.Registry.ResourceGroup, identity);
        if (pass.IsObserveOnly)
        {
            return await pass.ObserveAsync(InAzure(pass, id, await pass.ClientAsync(spec.CredentialsRef, cancellationToken), callback: null), cancellationToken);
        }

        var callback = await _secrets.ReadAsync(pass.Resource, cancellationToken);
        if (callback.Config is not { } config)
        {
            return pass.Refuse(callback.Reason, callback.Message);
        }

        pass.Conceal(callback.Secrets);
        await pass.AddFinalizerAsync(cancellationToken);
        var arm = await pass.ClientAsync(spec.CredentialsRef, cancellationToken);
        var converged = await pass.ConvergeAsync(InAzure(pass, id, arm, config), cancellationToken);
        return await PingIfRequestedAsync(pass, id, arm.Webhooks, converged, cancellationToken);
    }

    /// <summary>
    /// Sends one ping for each new value of the ping annotation, once the webhook is Ready, and records the value and
    /// the event id. A refusal is recorded as handled too (a Warning says why), so a value never pings in a loop;
    /// throttling and transient failures propagate and the ping is tried again.
    /// </summary>
    private async Task<ReconcileResult> PingIfRequestedAsync(AzurePass<Webhook, WebhookStatus> pass, ArmRegistryChildId id, IArmWebhookClient webhooks, ReconcileResult converged, CancellationToken cancellationToken)
    {
        var requested = pass.Annotation(AnnotationNames.PingRequestedAt);
        if (requested is null || requested == pass.Status.LastHandledPingRequest || pass.Status.Operation is not null || !Conditions.IsTrue(pass.Status.Conditions, ConditionTypes.Ready))
        {
            return converged;
        }

        try
        {
            pass.Status.LastPingEventId = await webhooks.PingAsync(id, cancellationToken);
            _events.Record(pass.Resource, EventType.Normal, Pinged, $"Sent ping event {pass.Status.LastPingEventId} to webhook {id.Name}'s endpoint");
        }
        catch (ArmRequestException e) when (e.Kind is ArmErrorKind.Terminal or ArmErrorKind.NotFound)
        {
            pass.Status.LastPingEventId = null;
            pass.ReportFailure(PingFailed, $"Azure refused to ping webhook {id.Name}: {e.Error.Code}: {e.Error.Message}");
        }

        pass.Status.LastHandledPingRequest = requested;
        return converged;
    }

    /// <summary>
    /// Deletes the webhook the operator created or adopted when the policy says so, then releases the finalizer and
    /// stops watching its Secrets. Null once released.
    /// </summary>
    private async Task<ReconcileResult?> FinalizeAsync(AzurePass<Webhook, WebhookStatus> pass, ArmRegistryChildId? resolved, CancellationToken cancellationToken)
    {
        var spec = pass.Resource.Spec;
        var result = await pass.FinalizeChildAsync(
            spec.DeletionPolicy,
            spec.CredentialsRef,
            RegistryRefResolver.Owned(pass.Status, ArmRegistryChildId.Webhooks, resolved),
            (arm, id) => new AzureDeletion<ArmWebhook>(id.Name, id.ResourceId, ct => arm.Webhooks.BeginDeleteAsync(id, ct), arm.Webhooks.PollAsync),
            cancellationToken);
        if (result is null)
        {
            _secrets.Forget(ObjectKey.Of(pass.Resource));
        }

        return result;
    }

    /// <summary>The webhook in Azure, as the shared converge and observe steps need it; <paramref name="callback"/> is null when only observing.</summary>
    private static AzureResource<ArmWebhook> InAzure(AzurePass<Webhook, WebhookStatus> pass, ArmRegistryChildId id, IArmRegistryClient arm, ArmWebhookCallbackConfig? callback)
    {
        var spec = pass.Resource.Spec;
        var webhooks = arm.Webhooks;
        return new AzureResource<ArmWebhook>
        {
            Name = id.Name,
            ResourceId = id.ResourceId,
            Location = $"registry {id.Registry.Name}",
            GetAsync = ct => webhooks.GetAsync(id, ct),
            PollAsync = webhooks.PollAsync,
            CreateAsync = async ct => await webhooks.BeginCreateAsync(id, WebhookSpecMapper.ToDefinition(spec, callback!, await RegistryRefResolver.LocationAsync(arm, id.Registry, ct)), ct),
            Observe = observed =>
            {
                pass.Status.ResourceId = observed.Id;
                pass.Status.ProvisioningState = observed.ProvisioningState;
            },
            DiffAsync = async (observed, ct) => WebhookSpecMapper.Diff(spec, callback!, observed, await webhooks.GetCallbackConfigAsync(id, ct)) is { IsEmpty: false } update
                ? new AzureUpdate<ArmWebhook>(WebhookSpecMapper.Fields(update), c => webhooks.BeginUpdateAsync(id, update, c))
                : null,
            ReadyMessage = observed => $"The webhook matches the spec; it is {(observed.Enabled ? "enabled" : "disabled")} for {string.Join(", ", observed.Actions)}.",
        };
    }
}
