using AcrOperator.Api.V1Alpha1;
using AcrOperator.Observability;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.Manager;
using AcrOperator.Runtime.Queue;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Options;

namespace AcrOperator.Controllers;

/// <summary>
/// The controllers of a registry's child kinds, Replication, Webhook and BuildTask: each an informer on its kind in
/// all namespaces feeding a queue and a controller, woken also by the Registry informer when the Registry it names
/// changes, and (Webhooks, BuildTasks) by watches on the Secrets it names. Their resync pacing is configured per kind
/// (<c>Operator:Replication</c>, <c>Operator:Webhook</c>, <c>Operator:BuildTask</c>).
/// </summary>
public static class RegistryChildControllers
{
    /// <summary>The options of each child kind, named by the kind and bound to <c>Operator:&lt;Kind&gt;</c>, and the services their reconcilers share.</summary>
    public static IServiceCollection AddRegistryChildControllers(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var kind in new[] { Replication.KubeKind, Webhook.KubeKind, BuildTask.KubeKind })
        {
            services.AddOptions<ReconcilerOptions>(kind).Bind(configuration.GetSection($"{OperatorOptions.Section}:{kind}")).ValidateDataAnnotations().ValidateOnStart();
        }

        services.AddSingleton<AzureReconcilerServices>();
        return services;
    }

    /// <summary>Adds the Replication, Webhook and BuildTask controllers to <paramref name="manager"/>, woken by <paramref name="registries"/> too.</summary>
    public static void Add(IServiceProvider services, ControllerManager manager, Informer<Registry> registries)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(manager);
        var shared = services.GetRequiredService<AzureReconcilerServices>();
        var options = services.GetRequiredService<IOptionsMonitor<ReconcilerOptions>>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var resolver = new RegistryRefResolver(registries.Store);

        Add<Replication>(services, manager, registries, ReplicationResources.Replications, r => r.Spec.RegistryRef, (store, _) =>
            new ReplicationReconciler(store, resolver, shared, options.Get(Replication.KubeKind), loggers.CreateLogger<ReplicationReconciler>()));

        Add<Webhook>(services, manager, registries, WebhookResources.Webhooks, w => w.Spec.RegistryRef, (store, queue) =>
        {
            // Only the Secrets webhooks name are watched, each on its own, while they name it: none is cached.
            var watches = new ReferencedObjectWatches("webhook-secrets", services.GetRequiredService<KubeApiClient>(), ResourceType.Secrets, queue.Add, shared.Time, loggers.CreateLogger("AcrOperator.Informers.WebhookSecrets"));
            manager.AddBackground(watches);
            var secrets = new WebhookSecrets(services.GetRequiredService<KubeApiClient>(), watches);
            return new WebhookReconciler(store, resolver, secrets, shared, options.Get(Webhook.KubeKind), loggers.CreateLogger<WebhookReconciler>());
        });

        Add<BuildTask>(services, manager, registries, BuildTaskResources.BuildTasks, t => t.Spec.RegistryRef, (store, queue) =>
        {
            var watches = new ReferencedObjectWatches("buildtask-secrets", services.GetRequiredService<KubeApiClient>(), ResourceType.Secrets, queue.Add, shared.Time, loggers.CreateLogger("AcrOperator.Informers.BuildTaskSecrets"));
            manager.AddBackground(watches);
            var secrets = new BuildTaskSecrets(new ReferencedSecrets(services.GetRequiredService<KubeApiClient>(), watches));
            return new BuildTaskReconciler(store, resolver, secrets, shared, options.Get(BuildTask.KubeKind), loggers.CreateLogger<BuildTaskReconciler>());
        });
    }

    private static void Add<T>(
        IServiceProvider services,
        ControllerManager manager,
        Informer<Registry> registries,
        ResourceType type,
        Func<T, RegistryRef> registryRef,
        Func<ObjectStore<T>, WorkQueue<ObjectKey>, IReconciler> reconciler)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var time = services.GetRequiredService<TimeProvider>();
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var metrics = services.GetRequiredService<OperatorMetrics>();
        var controllerOptions = services.GetRequiredService<IOptions<ControllerOptions>>().Value;
        var name = typeof(T).Name.ToLowerInvariant();
        var informer = new Informer<T>(
            type.Plural,
            new KubeListWatchSource<T>(services.GetRequiredService<KubeApiClient>(), type, null, Runtime.Kube.ListOptions.All),
            time,
            loggers.CreateLogger($"AcrOperator.Informers.{typeof(T).Name}s"));
        var queue = new WorkQueue<ObjectKey>(time, new ExponentialBackoffRateLimiter<ObjectKey>(controllerOptions.BackoffBase, controllerOptions.BackoffMax), metrics.ForQueue(name));
        informer.AddHandler(change =>
        {
            if (ReconcileTriggers.ShouldReconcile(change))
            {
                queue.Add(ObjectKey.Of(change.Current));
            }
        });
        RegistryRefResolver.RequeueChildren(registries, informer.Store, registryRef, queue.Add);
        manager.AddCache(informer);
        manager.Add(new Controller(name, reconciler(informer.Store, queue), queue, controllerOptions, time, loggers.CreateLogger<Controller>(), metrics));
    }
}
