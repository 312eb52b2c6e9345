using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Options;

namespace AcrOperator.Azure;

/// <summary>
/// Registry clients per identity. All share one HTTP connection pool (with the configured trust) and the
/// per-subscription rate limiters; each identity gets its own pipeline, so its tokens are cached separately.
/// </summary>
public sealed class ArmRegistryClientFactory : IDisposable
{
    private readonly AzureOptions _options;
    private readonly ArmRateLimiters _limiters;
    private readonly IArmMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, ArmRegistryClient> _clients = new(StringComparer.Ordinal);

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

    /// <summary>The client acting as <paramref name="identity"/>, created on first use and reused after.</summary>
    public IArmRegistryClient For(AzureIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return _clients.GetOrAdd(identity.Key, _ => new ArmRegistryClient(new ArmClient(CreatePipeline(identity.Credential), _options, _time, _logger)));
    }

    public void Dispose() => _http.Dispose();

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
