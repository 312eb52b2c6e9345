using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Options;

namespace AcrOperator.Azure;

/// <summary>
/// Registry clients per identity. All share one HTTP connection pool (with the configured trust) and the
/// per-subscription rate limiters; each identity gets its own pipeline, so its tokens are cached separately. One
/// client is kept per identity source: a new version of it (a rotated Secret) replaces the old one.
/// </summary>
public sealed class ArmRegistryClientFactory : IArmRegistryClientFactory, IDisposable
{
    private readonly AzureOptions _options;
    private readonly ArmRateLimiters _limiters;
    private readonly IArmMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, (string Key, ArmRegistryClient Client)> _clients = new(StringComparer.Ordinal);

    public ArmRegistryClientFactory(IOptions<AzureOptions> options, ArmRateLimiters limiters, IArmMetrics metrics, TimeProvider time, ILogger<ArmRegistryClientFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _limiters = limiters;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new AzureTrust(_options).CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The client acting as <paramref name="identity"/>, created on first use and reused while its key stays the same.</summary>
    public IArmRegistryClient ClientFor(AzureIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return _clients.AddOrUpdate(
            identity.Source,
            _ => (identity.Key, Create(identity)),
            (_, current) => current.Key == identity.Key ? current : (identity.Key, Create(identity))).Client;
    }

    public void Dispose() => _http.Dispose();

    private ArmRegistryClient Create(AzureIdentity identity) => new(new ArmClient(CreatePipeline(identity.Credential), _options, _time, _logger));

    private HttpPipeline CreatePipeline(TokenCredential credential)
    {
        var clientOptions = new ArmClientOptions
        {
            Transport = new HttpClientTransport(_http),
            RetryPolicy = new ArmRetryPolicy(
                _options.MaxRetries,
                DelayStrategy.CreateExponentialDelayStrategy(_options.RetryDelay, _options.MaxInlineWait),
                _options.MaxInlineWait,
                _time),
        };
        clientOptions.Retry.NetworkTimeout = _options.RequestTimeout;
        clientOptions.Diagnostics.ApplicationId = "acr-operator";
        // Bodies can hold admin passwords; Azure.Core's event logs never see them.
        clientOptions.Diagnostics.IsLoggingContentEnabled = false;
        var scope = new Uri(_options.ResourceManagerEndpoint, "/.default").ToString();
        var requestPolicy = new ArmRequestPolicy(_limiters, _metrics, _time, _options.MaxInlineWait, _options.MaxRetries, _logger);
        // Per retry: every attempt waits for the limiter, then gets a current token.
        return HttpPipelineBuilder.Build(clientOptions, [], [requestPolicy, new BearerTokenAuthenticationPolicy(credential, scope)], new ResponseClassifier());
    }
}
