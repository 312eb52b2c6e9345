using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Controllers;
using AcrOperator.Sandbox.KubeApi.Diagnostics;
using AcrOperator.Sandbox.KubeApi.Http;
using AcrOperator.Sandbox.KubeApi.Registry;
using AcrOperator.Sandbox.KubeApi.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AcrOperator.Sandbox.KubeApi;

/// <summary>
/// The Kubernetes API server emulator: plain HTTP/1.1 on 127.0.0.1, in-memory storage with one global
/// resourceVersion, and the behaviour of the real apiserver and its controllers as far as
/// <c>kube-api-emulation.md</c> describes it. Start it, point a kubeconfig at it, dispose it.
/// </summary>
public sealed class KubeApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ClusterControllers controllers;
    private readonly ResourceOperations operations;

    private readonly RequestDelay _delay;

    private KubeApiServer(WebApplication app, ClusterControllers controllers, ResourceOperations operations, KubeRequestLog requestLog, RequestDelay delay, Uri baseAddress)
    {
        this.app = app;
        this.controllers = controllers;
        this.operations = operations;
        RequestLog = requestLog;
        _delay = delay;
        BaseAddress = baseAddress;
    }

    /// <summary>The requests received (see <see cref="KubeApiServerOptions.RequestLogCapacity"/>).</summary>
    public KubeRequestLog RequestLog { get; }

    /// <summary>http://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>The current global resourceVersion (etcd's revision).</summary>
    public long ResourceVersion
    {
        get
        {
            lock (operations.Store.Gate)
            {
                return operations.Store.Revision;
            }
        }
    }

    public static async Task<KubeApiServer> StartAsync(KubeApiServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var store = new ObjectStore(options.TimeProvider, options.WatchWindowEvents, options.WatchWindowDuration);
        var operations = new ResourceOperations(store, new ResourceRegistry(), options);
        Seed(operations);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            // The emulator enforces the apiserver's own limit, so it can answer with a Status body.
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinResponseDataRate = null;
        });
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<KubeApiServer>();
        var controllers = new ClusterControllers(operations, logger, options.CreateDefaultServiceAccounts);
        var handler = new ApiRequestHandler(operations, options, logger);
        var requestLog = new KubeRequestLog(options.RequestLogCapacity);
        var delay = new RequestDelay();
        app.Run(async context =>
        {
            if (delay.For(context.Request.Method, context.Request.Path.Value ?? "/") is { } hold && hold > TimeSpan.Zero)
            {
                await Task.Delay(hold, options.TimeProvider, context.RequestAborted);
            }

            var watch = context.Request.Query["watch"] is var w && (w == "true" || w == "1");
            if (watch)
            {
                Record(context, 0);
            }

            await handler.HandleAsync(context);
            if (!watch)
            {
                Record(context, context.Response.StatusCode);
            }
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new KubeApiServer(app, controllers, operations, requestLog, delay, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));

        void Record(HttpContext context, int status) => requestLog.Add(new KubeRequestLogEntry(
            options.TimeProvider.GetUtcNow(),
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value?.TrimStart('?') ?? string.Empty,
            status,
            context.Request.Headers.UserAgent.ToString()));
    }

    /// <summary>
    /// Writes a kubeconfig for this server and returns its path. The server checks no credentials, but the
    /// user carries a placeholder token: KubernetesClient refuses a user without any (kubectl does not).
    /// </summary>
    public string WriteKubeconfig(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var server = BaseAddress.GetLeftPart(UriPartial.Authority);
        var text = $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: emulator
              cluster:
                server: {{server}}
            users:
            - name: emulator
              user:
                token: sandbox-has-no-authentication
            contexts:
            - name: emulator
              context:
                cluster: emulator
                user: emulator
                namespace: default
            current-context: emulator
            preferences: {}

            """;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Test knob: forgets the watch history, so watches and snapshots from any earlier resourceVersion get 410 Expired.</summary>
    public void CompactHistory()
    {
        lock (operations.Store.Gate)
        {
            operations.Store.Compact();
        }
    }

    /// <summary>
    /// Test knob: holds each request whose method and path match for <paramref name="delay"/> before handling it, until
    /// <see cref="ClearRequestDelay"/>. One rule at a time; a new one replaces the last.
    /// </summary>
    public void DelayRequests(Func<string, string, bool> matches, TimeSpan delay) => _delay.Set(matches, delay);

    public void ClearRequestDelay() => _delay.Clear();

    public async ValueTask DisposeAsync()
    {
        await controllers.DisposeAsync();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static void Seed(ResourceOperations operations)
    {
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            operations.Create(
                BuiltinResources.Namespaces,
                string.Empty,
                new JsonObject { ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["kubernetes.io/metadata.name"] = name } } },
                WriteOptions.Controller with { FieldManager = "kube-apiserver" },
                track: false);
        }
    }
}
