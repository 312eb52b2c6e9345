using System.Net;
using AcrOperator.Api.Generation;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;
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
using k8s;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Prometheus;

// `acr-operator generate-crds [dir]` writes the CRDs from the C# API types (the single source of truth).
// `dotnet run` starts the program in the project folder, so a relative directory is taken from the
// repository root (the folder holding Operator.sln above the current one), where the README's command means it.
if (args is ["generate-crds", ..])
{
    var directory = CrdGenerator.ResolveOutputDirectory(args.Length > 1 ? args[1] : Path.Combine("config", "crd", "bases"), Environment.CurrentDirectory);
    CrdGenerator.WriteAll(directory);
    foreach (var file in CrdGenerator.Generate())
    {
        Console.WriteLine(Path.Combine(directory, file.FileName));
    }

    return 0;
}

var builder = WebApplication.CreateSlimBuilder(args);
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
    return ClusterConnection.CreateClient(ClusterConnection.LoadConfiguration(options.Kubeconfig, options.KubeContext));
});
services.AddSingleton<IKubernetes>(sp => sp.GetRequiredService<Kubernetes>());
services.AddSingleton(sp => KubeApiClient.FromKubernetes(sp.GetRequiredService<Kubernetes>()));
services.AddSingleton<StatusWriter>();
services.AddSingleton<Finalizers>();
services.AddSingleton(sp => new EventRecorder(
    sp.GetRequiredService<KubeApiClient>(),
    sp.GetRequiredService<TimeProvider>(),
    sp.GetRequiredService<ILogger<EventRecorder>>(),
    component: "acr-operator",
    instance: Environment.MachineName));
services.AddSingleton<IEventRecorder>(sp => sp.GetRequiredService<EventRecorder>());
// prometheus-net's default registry would also listen to every EventCounter and Meter in the process (Kestrel,
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
    RegistryChildControllers.Add(sp, manager, registries);
    return manager;
});
services.AddHostedService<OperatorService>();
services.AddHealthChecks().AddCheck<ManagerHealthCheck>("manager", tags: ["ready"]);

var httpPort = builder.Configuration.GetSection(OperatorOptions.Section).GetValue<int?>(nameof(OperatorOptions.HttpPort)) ?? new OperatorOptions().HttpPort;
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // An out-of-range port is reported by option validation below, in one line, not by Kestrel.
    if (httpPort is >= IPEndPoint.MinPort and <= IPEndPoint.MaxPort)
    {
        kestrel.ListenAnyIP(httpPort);
    }
});

var app = builder.Build();

// Fail fast, in one line, on what a newcomer most often gets wrong: settings, then the cluster.
try
{
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    var kube = app.Services.GetRequiredService<KubeApiClient>();
    var version = await ClusterConnection.ProbeAsync(kube, TimeSpan.FromSeconds(10), CancellationToken.None);
    app.Logger.Connected(version.GitVersion, kube.BaseUri);
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

// Liveness asks only that the process serves HTTP; readiness asks the manager.
app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
// A plain RequestDelegate: a handler with injected parameters would be compiled by ASP.NET's RequestDelegateFactory
// through System.Linq.Expressions, loading and JIT-compiling all of it for one endpoint (issue 5, memory).
var metricsRegistry = app.Services.GetRequiredService<CollectorRegistry>();
app.MapGet("/metrics", new RequestDelegate(async context =>
{
    context.Response.ContentType = PrometheusConstants.ExporterContentTypeValue.ToString();
    await metricsRegistry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
}));

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
