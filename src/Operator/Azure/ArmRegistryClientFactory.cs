using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Options;

namespace AcrOperator.Azure;

/// <summary>
/// Registry and token clients per identity, and the registries' token exchange. All share one HTTP connection pool
/// (with the configured trust) and the per-subscription rate limiters; each identity gets its own ARM pipeline, so
/// its tokens are cached separately. One pipeline is kept per identity source: a new version of it (a rotated
/// Secret) replaces the old one.
/// </summary>
public sealed class ArmRegistryClientFactory : IArmRegistryClientFactory, IDisposable
{
    private readonly AzureOptions _options;
    private readonly ArmRateLimiters _limiters;
    private readonly IArmMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, (string Key, ArmClient Client)> _clients = new(StringComparer.Ordinal);
    private readonly Lazy<AcrTokenExchange> _exchange;

    public ArmRegistryClientFactory(IOptions<AzureOptions> options, ArmRateLimiters limiters, IArmMetrics metrics, TimeProvider time, ILogger<ArmRegistryClientFactory> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _limiters = limiters;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new AzureTrust(_options).CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _exchange = new Lazy<AcrTokenExchange>(() => new AcrTokenExchange(CreatePipeline(credential: null), _options, _time, _logger));
    }

    /// <summary>The registry client acting as <paramref name="identity"/>, on a pipeline reused while its key stays the same.</summary>
    public IArmRegistryClient ClientFor(AzureIdentity identity) => new ArmRegistryClient(Arm(identity));

    /// <summary>The scope-map and token client acting as <paramref name="identity"/>, on the same pipeline as <see cref="ClientFor"/>.</summary>
    public IArmTokenClient TokensFor(AzureIdentity identity) => new ArmTokenClient(Arm(identity));

    /// <summary>The registries' <c>/oauth2/exchange</c>, shared by all identities (each call names its own).</summary>
    public IAcrTokenExchange Exchange => _exchange.Value;

    public void Dispose() => _http.Dispose();

    private ArmClient Arm(AzureIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return _clients.AddOrUpdate(
            identity.Source,
            _ => (identity.Key, Create(identity)),
            (_, current) => current.Key == identity.Key ? current : (identity.Key, Create(identity))).Client;
    }

    private ArmClient Create(AzureIdentity identity) => new(CreatePipeline(identity.Credential), _options, _time, _logger);

    /// <summary>An ARM pipeline for <paramref name="credential"/>, or, without one, the data plane's (no bearer token).</summary>
    private HttpPipeline CreatePipeline(TokenCredential? credential)
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
        HttpPipelinePolicy[] perRetry = credential is null ? [requestPolicy] : [requestPolicy, new BearerTokenAuthenticationPolicy(credential, scope)];
        return HttpPipelineBuilder.Build(clientOptions, [], perRetry, new ResponseClassifier());
    }
}
