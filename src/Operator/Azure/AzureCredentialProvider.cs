using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace AcrOperator.Azure;

/// <summary>
/// Builds Azure.Identity credentials from <see cref="AzureOptions"/>; the operator identity is built once. Every
/// credential reaches Entra ID with the configured authority, trust and timeout, like the ARM clients do.
/// </summary>
public sealed class AzureCredentialProvider : IAzureCredentialProvider, IDisposable
{
    private const string FederatedTokenFileVariable = "AZURE_FEDERATED_TOKEN_FILE";
    private readonly AzureOptions _options;
    private readonly Lazy<AzureIdentity> _operator;

    // One connection pool to Entra ID for all credentials, trusting what the ARM clients trust.
    private readonly HttpClient _http;

    public AzureCredentialProvider(IOptions<AzureOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _http = new HttpClient(new AzureTrust(_options).CreateHandler(), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _operator = new Lazy<AzureIdentity>(() => new AzureIdentity("operator", "1", CreateOperatorCredential(time)));
    }

    public AzureIdentity? OperatorIdentity => _options.Credential == AzureCredentialMode.None ? null : _operator.Value;

    public string? FederatedTokenFile =>
        _options.FederatedTokenFile is { Length: > 0 } file ? file
        : Environment.GetEnvironmentVariable(FederatedTokenFileVariable) is { Length: > 0 } variable ? variable
        : null;

    public AzureIdentity FromServicePrincipal(string source, string version, AzureServicePrincipal principal)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(principal);
        TokenCredential credential = principal switch
        {
            { ClientSecret: { Length: > 0 } secret } => new ClientSecretCredential(
                principal.TenantId,
                principal.ClientId,
                secret,
                Configure(new ClientSecretCredentialOptions { DisableInstanceDiscovery = _options.DisableInstanceDiscovery })),
            { FederatedTokenFile: { Length: > 0 } file } => new WorkloadIdentityCredential(Configure(new WorkloadIdentityCredentialOptions
            {
                TenantId = principal.TenantId,
                ClientId = principal.ClientId,
                TokenFilePath = file,
                DisableInstanceDiscovery = _options.DisableInstanceDiscovery,
            })),
            _ => throw new ArgumentException("A service principal needs a client secret or a federated token file.", nameof(principal)),
        };
        return new AzureIdentity(source, version, credential);
    }

    public void Dispose() => _http.Dispose();

    private TokenCredential CreateOperatorCredential(TimeProvider time) => _options.Credential switch
    {
        AzureCredentialMode.StaticToken => new StaticTokenCredential(_options.StaticToken!, time),
        AzureCredentialMode.WorkloadIdentity => WorkloadIdentity(),
        AzureCredentialMode.DefaultChain => DefaultChain(),
        _ => FederatedTokenFile is null ? DefaultChain() : WorkloadIdentity(),
    };

    private WorkloadIdentityCredential WorkloadIdentity() => new(Configure(new WorkloadIdentityCredentialOptions
    {
        ClientId = _options.ManagedIdentityClientId ?? Environment.GetEnvironmentVariable("AZURE_CLIENT_ID"),
        TokenFilePath = FederatedTokenFile,
        DisableInstanceDiscovery = _options.DisableInstanceDiscovery,
    }));

    private DefaultAzureCredential DefaultChain() => new(Configure(new DefaultAzureCredentialOptions
    {
        ManagedIdentityClientId = _options.ManagedIdentityClientId,
        WorkloadIdentityClientId = _options.ManagedIdentityClientId,
        DisableInstanceDiscovery = _options.DisableInstanceDiscovery,
    }));

    private T Configure<T>(T options)
        where T : TokenCredentialOptions
    {
        if (_options.AuthorityHost is { } authority)
        {
            options.AuthorityHost = authority;
        }

        options.Transport = new HttpClientTransport(_http);
        options.Retry.NetworkTimeout = _options.RequestTimeout;
        options.Retry.MaxRetries = _options.MaxRetries;
        options.Retry.Delay = _options.RetryDelay;
        return options;
    }
}
