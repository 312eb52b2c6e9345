using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace AcrOperator.Azure;

/// <summary>Builds Azure.Identity credentials from <see cref="AzureOptions"/>; the operator identity is built once.</summary>
public sealed class AzureCredentialProvider : IAzureCredentialProvider
{
    private const string FederatedTokenFileVariable = "AZURE_FEDERATED_TOKEN_FILE";
    private readonly AzureOptions _options;
    private readonly Lazy<AzureIdentity> _operator;

    public AzureCredentialProvider(IOptions<AzureOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _operator = new Lazy<AzureIdentity>(() => new AzureIdentity("operator", CreateOperatorCredential(time)));
    }

    public AzureIdentity OperatorIdentity => _operator.Value;

    public AzureIdentity FromServicePrincipal(string key, AzureServicePrincipal principal)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(principal);
        TokenCredential credential = principal switch
        {
            { ClientSecret: { Length: > 0 } secret } => new ClientSecretCredential(principal.TenantId, principal.ClientId, secret, Configure(new ClientSecretCredentialOptions())),
            { FederatedTokenFile: { Length: > 0 } file } => new WorkloadIdentityCredential(Configure(new WorkloadIdentityCredentialOptions { TenantId = principal.TenantId, ClientId = principal.ClientId, TokenFilePath = file })),
            _ => throw new ArgumentException("A service principal needs a client secret or a federated token file.", nameof(principal)),
        };
        return new AzureIdentity(key, credential);
    }

    private TokenCredential CreateOperatorCredential(TimeProvider time) => _options.Credential switch
    {
        AzureCredentialMode.StaticToken => new StaticTokenCredential(_options.StaticToken!, time),
        AzureCredentialMode.WorkloadIdentity => WorkloadIdentity(),
        AzureCredentialMode.DefaultChain => DefaultChain(),
        _ => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(FederatedTokenFileVariable)) ? DefaultChain() : WorkloadIdentity(),
    };

    private WorkloadIdentityCredential WorkloadIdentity() =>
        new(Configure(new WorkloadIdentityCredentialOptions { ClientId = _options.ManagedIdentityClientId ?? Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") }));

    private DefaultAzureCredential DefaultChain() =>
        new(Configure(new DefaultAzureCredentialOptions { ManagedIdentityClientId = _options.ManagedIdentityClientId, WorkloadIdentityClientId = _options.ManagedIdentityClientId }));

    private T Configure<T>(T options)
        where T : TokenCredentialOptions
    {
        if (_options.AuthorityHost is { } authority)
        {
            options.AuthorityHost = authority;
        }

        return options;
    }
}
