using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using AcrOperator.Azure;
using AcrOperator.Sandbox.Arm;
using AcrOperator.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AcrOperator.Tests.Azure;

/// <summary>The ARM emulator on fake time, and the operator's ARM client configured against it the way the sandbox does.</summary>
internal sealed class ArmClientHarness : IAsyncDisposable
{
    public const string Subscription = "00000000-0000-0000-0000-000000000000";
    public const string OtherSubscription = "11111111-1111-1111-1111-111111111111";

    private readonly List<ArmRegistryClientFactory> _factories = [];
    private readonly List<AzureCredentialProvider> _providers = [];

    private ArmClientHarness(ArmServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
        ClientTime.SetUtcNow(time.GetUtcNow());
        Loggers = LoggerFactory.Create(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
    }

    public ArmServer Server { get; }

    /// <summary>The emulator's clock.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The client's clock, separate so a test can wait for the client's own timers.</summary>
    public ObservableFakeTime ClientTime { get; } = new();

    public RecordingArmMetrics Metrics { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public static async Task<ArmClientHarness> StartAsync(ArmThrottleOptions? throttling = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var server = await ArmServer.StartAsync(
            new ArmServerOptions { TimeProvider = time, Throttling = throttling ?? new ArmThrottleOptions(), OperationDuration = TimeSpan.FromSeconds(10) },
            TestContext.Current.CancellationToken);
        return new ArmClientHarness(server, time);
    }

    /// <summary>
    /// Options as configuration would give them: the emulator's endpoint and CA, a static token for the operator's own
    /// identity, and the emulator as Entra ID authority for the identities of credentials Secrets.
    /// </summary>
    public AzureOptions Options(bool trustEmulator = true, TimeSpan? maxInlineWait = null)
    {
        var options = new AzureOptions
        {
            ResourceManagerEndpoint = Server.BaseAddress,
            DefaultSubscriptionId = Subscription,
            Credential = AzureCredentialMode.StaticToken,
            StaticToken = "sandbox",
            AuthorityHost = Server.AuthorityHost,
            DisableInstanceDiscovery = true,
            RetryDelay = TimeSpan.FromMilliseconds(10),
            MaxInlineWait = maxInlineWait ?? TimeSpan.Zero,
            DataPlaneEndpointTemplate = Server.BaseAddress + "_dataplane/{loginServer}",
        };
        if (trustEmulator)
        {
            options.TrustedCaCertificatePaths.Add(Server.CaCertificatePath);
        }

        return options;
    }

    /// <summary>Loggers that write into <see cref="Logs"/>, at every level.</summary>
    public ILoggerFactory Loggers { get; }

    /// <summary>A fresh client stack (as after an operator restart); the rate limiters are shared only when passed in.</summary>
    public (IArmRegistryClient Client, ArmRateLimiters Limiters) CreateClient(AzureOptions? options = null, ArmRateLimiters? limiters = null)
    {
        var (factory, credentials, shared) = CreateFactory(options, limiters);
        return (factory.ClientFor(credentials.OperatorIdentity!), shared);
    }

    /// <summary>A fresh client factory and credential provider, as the operator's services would hold them.</summary>
    public (ArmRegistryClientFactory Factory, AzureCredentialProvider Credentials, ArmRateLimiters Limiters) CreateFactory(AzureOptions? options = null, ArmRateLimiters? limiters = null)
    {
        options ??= Options();
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Assert.True(new AzureOptionsValidator().Validate(null, options).Succeeded);
        limiters ??= new ArmRateLimiters(wrapped, ClientTime);
        var factory = new ArmRegistryClientFactory(wrapped, limiters, Metrics, ClientTime, Loggers.CreateLogger<ArmRegistryClientFactory>());
        var credentials = new AzureCredentialProvider(wrapped, ClientTime);
        _factories.Add(factory);
        _providers.Add(credentials);
        return (factory, credentials, limiters);
    }

    /// <summary>Moves both clocks, as real time would.</summary>
    public void Advance(TimeSpan by)
    {
        Time.Advance(by);
        ClientTime.Advance(by);
    }

    public static ArmRegistryId Registry(string name, string group = "rg1", string subscription = Subscription) => new(subscription, group, name);

    public static ArmRegistryDefinition Definition(string sku = "Standard", bool adminUserEnabled = false) => new()
    {
        Location = "westus",
        Sku = sku,
        Tags = new Dictionary<string, string> { ["key"] = "value" },
        AdminUserEnabled = adminUserEnabled,
    };

    public async Task CreateGroupAsync(string group = "rg1", string subscription = Subscription)
    {
        using var http = Server.CreateHttpClient();
        using var content = new StringContent(new JsonObject { ["location"] = "westus" }.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PutAsync($"subscriptions/{subscription}/resourceGroups/{group}?api-version=2021-04-01", content, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode);
    }

    public int Requests(string method, string pathContains) =>
        Server.RequestLog.Entries.Count(e => e.Method == method && e.Path.Contains(pathContains, StringComparison.OrdinalIgnoreCase));

    public async ValueTask DisposeAsync()
    {
        foreach (var factory in _factories)
        {
            factory.Dispose();
        }

        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        Loggers.Dispose();

        await Server.DisposeAsync();
    }

    internal sealed class RecordingArmMetrics : IArmMetrics
    {
        public ConcurrentQueue<(string Operation, int Status)> Requests { get; } = new();

        public ConcurrentQueue<string> RateLimitedOperations { get; } = new();

        public void RequestCompleted(string operation, int status, TimeSpan duration) => Requests.Enqueue((operation, status));

        public void RateLimited(string operation, TimeSpan wait) => RateLimitedOperations.Enqueue(operation);
    }

    internal sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));
        }
    }
}
