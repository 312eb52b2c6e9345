using AcrOperator.Api.Generation;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;
using AcrOperator.Controllers.PullSecrets;
using AcrOperator.Observability;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Controllers;
using AcrOperator.Runtime.Events;
using AcrOperator.Runtime.Informers;
using AcrOperator.Runtime.Kube;
using AcrOperator.Runtime.LeaderElection;
using AcrOperator.Runtime.Manager;
using AcrOperator.Runtime.Queue;
using AcrOperator.Runtime.Status;
using k8s.Models;
using Microsoft.Extensions.Options;
using Prometheus;

// `acr-operator generate-crds [dir]` writes the CRDs from the C# API types (the single source of truth).
// `dotnet run` starts the program in the project folder, so a relative directory is taken from the
// repository root (the folder holding Operator.sln above the current one), where the README's command means it.
if (args is ["generate-crds", ..])
{
    var directory = CrdGenerator.ResolveOutputDirectory(args.Length > 1 ? args[1] : Path.Combine("config", "crd", "bases"), Environment.CurrentDirectory);
    foreach (var target in CrdGenerator.WithChartCopy(directory))
    {
        CrdGenerator.WriteAll(target);
        foreach (var file in CrdGenerator.Generate())
        {
            Console.WriteLine(Path.Combine(target, file.FileName));
        }
    }

    return 0;
}

// KubernetesClient resolves JSON contracts through its source-generated context for all of its ~1,000 models first;
// its type lookup loads every one of those types, several MiB for the few the operator uses (issue 5). Reflection
// over the same attributes and converters gives the same JSON. Must run before the first (de)serialization.
k8s.KubernetesJson.AddJsonOptions(options => options.TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver());

// The generic host, not a web application: the HTTP surface is three GETs (HttpEndpoints), see there why.
var builder = Host.CreateApplicationBuilder(args);
// The console only, as the slim web builder had it: the EventSource and Debug providers' listeners are not wanted.
builder.Logging.ClearProviders().AddConsole();
var services = builder.Services;

services.AddOptions<OperatorOptions>().Bind(builder.Configuration.GetSection(OperatorOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
services.AddOptions<ControllerOptions>().Bind(builder.Configuration.GetSection($"{OperatorOptions.Section}:Controllers")).ValidateDataAnnotations().ValidateOnStart();
services.AddOptions<LeaderElectionOptions>()
    .Bind(builder.Configuration.GetSection($"{OperatorOptions.Section}:LeaderElection"))
    // The Lease lives in the operator's namespace unless set; read raw so each section is validated on its own.
    .PostConfigure(le => le.LeaseNamespace = string.IsNullOrEmpty(le.LeaseNamespace)
        ? builder.Configuration[$"{OperatorOptions.Section}:{nameof(OperatorOptions.Namespace)}"] ?? new OperatorOptions().Namespace
        : le.LeaseNamespace)
    .ValidateOnStart();
services.AddSingleton<IValidateOptions<LeaderElectionOptions>, LeaderElectionOptionsValidator>();
// The host must wait longer than controllers drain, or it would cut reconciles short itself.
services.AddOptions<HostOptions>().Configure<IOptions<ControllerOptions>>((host, controllers) => host.ShutdownTimeout = controllers.Value.ShutdownTimeout + TimeSpan.FromSeconds(15));

services.AddSingleton(TimeProvider.System);
services.AddSingleton(sp =>
{
    var options = sp.GetRequiredService<IOptions<OperatorOptions>>().Value;
    // Every request is checked against the declared access, so one the shipped RBAC would refuse fails in tests as well.
    var access = OperatorAccess.Policy(sp.GetRequiredService<IOptions<LeaderElectionOptions>>().Value.LeaseNamespace);
    return ClusterConnection.CreateClient(ClusterConnection.LoadConfiguration(options.Kubeconfig, options.KubeContext), access, OperatorAccess.UserAgent);
});
services.AddSingleton<StatusWriter>();
services.AddSingleton<Finalizers>();
services.AddSingleton(sp => new EventRecorder(
    sp.GetRequiredService<KubeApiClient>(),
    sp.GetRequiredService<TimeProvider>(),
    sp.GetRequiredService<ILogger<EventRecorder>>(),
    component: "acr-operator",
    instance: Environment.MachineName));
services.AddSingleton<IEventRecorder>(sp => sp.GetRequiredService<EventRecorder>());
// prometheus-net's default registry would also listen to every EventCounter and Meter in the process (the
// HttpClient, the runtime) through an EventListener and a MeterListener called on every request; that costs memory
// and CPU for series nobody asked for (issue 5). The process and GC metrics stay. Must run before the first use.
Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true });
services.AddSingleton(Metrics.DefaultRegistry);
services.AddSingleton<OperatorMetrics>();
services.AddSingleton<IArmMetrics>(sp => sp.GetRequiredService<OperatorMetrics>());
services.AddAzureResourceManager(builder.Configuration);
services.AddSingleton<AzureCredentialsResolver>();
services.AddOptions<RegistryReconcilerOptions>()
    .Bind(builder.Configuration.GetSection(RegistryReconcilerOptions.Section))
    // One place configures Azure: the Registry controller takes its default subscription from it.
    .PostConfigure<IOptions<AzureOptions>>((registry, azure) => registry.DefaultSubscriptionId ??= azure.Value.DefaultSubscriptionId)
    .ValidateDataAnnotations()
    .ValidateOnStart();
services.AddOptions<PullSecretOptions>()
    .Bind(builder.Configuration.GetSection(PullSecretOptions.Section))
    // Trusted by default: the operator's own namespace, where only its administrators create Registries.
    .PostConfigure<IOptions<OperatorOptions>>((pullSecrets, op) =>
    {
        if (pullSecrets.TrustedNamespaces.Count == 0)
        {
            pullSecrets.TrustedNamespaces.Add(op.Value.Namespace);
        }
    })
    .ValidateDataAnnotations()
    .ValidateOnStart();
services.AddRegistryChildControllers(builder.Configuration);
services.AddSingleton<ILeaseClient, KubernetesLeaseClient>();
services.AddSingleton<LeaderElector>();
services.AddSingleton(sp =>
{
    var manager = new ControllerManager(sp.GetRequiredService<ILogger<ControllerManager>>());
    manager.AddBackground(sp.GetRequiredService<EventRecorder>());
    // One Registry informer feeds every controller that acts on Registries or on what they hold.
    var registries = new Informer<Registry>(
        "registries",
        new KubeListWatchSource<Registry>(sp.GetRequiredService<KubeApiClient>(), RegistryResources.Registries, null, AcrOperator.Runtime.Kube.ListOptions.All),
        sp.GetRequiredService<TimeProvider>(),
        sp.GetRequiredService<ILoggerFactory>().CreateLogger("AcrOperator.Informers.Registries"));
    manager.AddCache(registries);
    AddRegistryController(sp, manager, registries);
    AddPullSecretController(sp, manager, registries);
    RegistryChildControllers.Add(sp, manager, registries);
    return manager;
});
services.AddSingleton<ManagerHealthCheck>();
// Before the operator service, so probes are answered from the start: standby or syncing shows on /readyz.
services.AddHostedService<HttpEndpoints>();
services.AddHostedService<OperatorService>();

using var app = builder.Build();

// Fail fast, in one line, on what a newcomer most often gets wrong: settings, then the cluster.
try
{
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    var kube = app.Services.GetRequiredService<KubeApiClient>();
    var version = await ClusterConnection.ProbeAsync(kube, TimeSpan.FromSeconds(10), CancellationToken.None);
    app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(builder.Environment.ApplicationName).Connected(version.GitVersion, kube.BaseUri);
}
catch (Exception ex) when (ex is OptionsValidationException or AggregateException { InnerException: OptionsValidationException })
{
    var failures = (ex is AggregateException all ? all.InnerExceptions : [ex])
        .OfType<OptionsValidationException>()
        .SelectMany(e => e.Failures)
        .Distinct(StringComparer.Ordinal);
    await Console.Error.WriteLineAsync($"acr-operator: invalid configuration: {string.Join("; ", failures)}");
    return 2;
}
catch (ClusterUnavailableException ex)
{
    await Console.Error.WriteLineAsync($"acr-operator: {ex.Message}");
    return 1;
}

await app.RunAsync();
return Environment.ExitCode;

// Registries in all namespaces: the informer feeds the cache and the queue, and a controller runs the reconciler.
// ARM clients are made per identity on first use and authenticate only on their first call, so start-up needs no Azure at all.
static void AddRegistryController(IServiceProvider sp, ControllerManager manager, Informer<Registry> informer)
{
    var time = sp.GetRequiredService<TimeProvider>();
    var loggers = sp.GetRequiredService<ILoggerFactory>();
    var metrics = sp.GetRequiredService<OperatorMetrics>();
    var controllerOptions = sp.GetRequiredService<IOptions<ControllerOptions>>().Value;
    var queue = new WorkQueue<ObjectKey>(time, new ExponentialBackoffRateLimiter<ObjectKey>(controllerOptions.BackoffBase, controllerOptions.BackoffMax), metrics.ForQueue("registry"));
    informer.AddHandler(change =>
    {
        if (ReconcileTriggers.ShouldReconcile(change))
        {
            queue.Add(ObjectKey.Of(change.Current));
        }
    });
    var reconciler = new RegistryReconciler(
        informer.Store,
        sp.GetRequiredService<AzureCredentialsResolver>(),
        sp.GetRequiredService<IArmRegistryClientFactory>(),
        sp.GetRequiredService<Finalizers>(),
        sp.GetRequiredService<StatusWriter>(),
        sp.GetRequiredService<IEventRecorder>(),
        sp.GetRequiredService<IOptions<RegistryReconcilerOptions>>().Value,
        sp.GetRequiredService<OperationPollSchedule>(),
        time,
        loggers.CreateLogger<RegistryReconciler>());
    manager.Add(new Controller("registry", reconciler, queue, controllerOptions, time, loggers.CreateLogger<Controller>(), metrics));
}

// Pull secrets, keyed by Registry: fed by Registries, Namespaces (metadata only), and only the operator's own Secrets and
// the ServiceAccounts it labelled, so the cache never holds the cluster's other Secrets.
static void AddPullSecretController(IServiceProvider sp, ControllerManager manager, Informer<Registry> registries)
{
    var time = sp.GetRequiredService<TimeProvider>();
    var loggers = sp.GetRequiredService<ILoggerFactory>();
    var metrics = sp.GetRequiredService<OperatorMetrics>();
    var kube = sp.GetRequiredService<KubeApiClient>();
    var controllerOptions = sp.GetRequiredService<IOptions<ControllerOptions>>().Value;
    var options = sp.GetRequiredService<IOptions<PullSecretOptions>>().Value;
    var namespaces = new Informer<PartialObjectMetadata>(
        "namespaces",
        new KubeListWatchSource<PartialObjectMetadata>(kube, AcrOperator.Runtime.Kube.ResourceType.Namespaces, null, PullSecretResources.NamespaceMetadata),
        time,
        loggers.CreateLogger("AcrOperator.Informers.Namespaces"));
    var secrets = new Informer<V1Secret>(
        "secrets",
        new KubeListWatchSource<V1Secret>(kube, AcrOperator.Runtime.Kube.ResourceType.Secrets, null, PullSecretResources.OwnSecrets),
        time,
        loggers.CreateLogger("AcrOperator.Informers.Secrets"));
    var accounts = new Informer<V1ServiceAccount>(
        "serviceaccounts",
        new KubeListWatchSource<V1ServiceAccount>(kube, AcrOperator.Runtime.Kube.ResourceType.ServiceAccounts, null, PullSecretResources.PatchedServiceAccounts),
        time,
        loggers.CreateLogger("AcrOperator.Informers.ServiceAccounts"));
    var caches = new PullSecretCaches(registries.Store, namespaces.Store, secrets.Store, accounts.Store);

    // A write the watch has not confirmed within this long is assumed lost (a relist skipped it) and read from the cache.
    var confirmWithin = TimeSpan.FromSeconds(30);
    var writer = new PullSecretWriter(kube, new WriteExpectations<byte[]>(time, confirmWithin));
    var patcher = new ServiceAccountPatcher(kube, new WriteExpectations<ServiceAccountView>(time, confirmWithin));
    var store = new CredentialStore(secrets.Store, kube, new WriteExpectations<PullCredential>(time, confirmWithin));
    // Azure calls act as each Registry's own credentials, resolved per pass like the Registry controller's.
    var arm = sp.GetRequiredService<IArmRegistryClientFactory>();
    var rotation = new CredentialRotation(
        store,
        [new TokenCredentialSource(arm, options), new AdminUserCredentialSource(arm), new EntraTokenCredentialSource(arm.Exchange)],
        arm,
        options);
    var reconciler = new PullSecretReconciler(
        caches,
        writer,
        patcher,
        rotation,
        sp.GetRequiredService<AzureCredentialsResolver>(),
        sp.GetRequiredService<Finalizers>(),
        sp.GetRequiredService<StatusWriter>(),
        sp.GetRequiredService<IEventRecorder>(),
        metrics,
        options,
        time,
        loggers.CreateLogger<PullSecretReconciler>());
    var queue = new WorkQueue<ObjectKey>(time, new ExponentialBackoffRateLimiter<ObjectKey>(controllerOptions.BackoffBase, controllerOptions.BackoffMax), metrics.ForQueue("pullsecret"));
    var triggers = new PullSecretTriggers(caches, queue, reconciler, writer, patcher, store, options);
    registries.AddHandler(triggers.OnRegistry);
    namespaces.AddHandler(triggers.OnNamespace);
    secrets.AddHandler(triggers.OnSecret);
    accounts.AddHandler(triggers.OnServiceAccount);
    manager.AddCache(namespaces);
    manager.AddCache(secrets);
    manager.AddCache(accounts);
    manager.Add(new Controller("pullsecret", reconciler, queue, controllerOptions, time, loggers.CreateLogger<Controller>(), metrics));
}
