using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Kube;
using k8s.Models;

namespace AcrOperator.Controllers;

/// <summary>
/// Which Azure identity a resource acts as (design §1): the Secret its <c>spec.credentialsRef</c> names, else its
/// namespace's Secret <see cref="DefaultSecretName"/> if present, else the operator's own identity. Shared by every
/// reconciler.
/// </summary>
/// <remarks>
/// <para>
/// The Secret's keys: <c>tenantId</c> and <c>clientId</c> (GUIDs, or a tenant's domain), and either
/// <c>clientSecret</c> (a service principal's secret) or <c>workloadIdentity: "true"</c> (sign in as
/// <c>clientId</c> with the operator pod's federated service-account token, which the identity must trust).
/// </para>
/// <para>
/// Secrets are not watched or cached: only the operator's own objects are. Each pass reads the Secret's metadata
/// (one small GET) and reads its data only when its resourceVersion changed, so a rotated Secret yields a new
/// identity (and a new token cache) on the next pass of each resource using it, and an unchanged one keeps its tokens.
/// The operator therefore needs only <c>get</c> on Secrets, not <c>list</c> or <c>watch</c>.
/// </para>
/// </remarks>
public sealed partial class AzureCredentialsResolver
{
    /// <summary>The Secret a namespace's resources use when they name none.</summary>
    public const string DefaultSecretName = "acr-operator-credentials";

    public const string TenantIdKey = "tenantId";
    public const string ClientIdKey = "clientId";
    public const string ClientSecretKey = "clientSecret";
    public const string WorkloadIdentityKey = "workloadIdentity";

    /// <summary>How conditions name the operator's own identity.</summary>
    public const string OperatorIdentityDescription = "the operator's own identity";

    /// <summary>Condition reason: the Secret named by credentialsRef does not exist.</summary>
    public const string CredentialsNotFound = "CredentialsNotFound";

    /// <summary>Condition reason: the credentials Secret lacks a key or holds a malformed value.</summary>
    public const string InvalidCredentials = "InvalidCredentials";

    private const string Needs = $"{TenantIdKey}, {ClientIdKey} and either {ClientSecretKey} or {WorkloadIdentityKey}: \"true\"";

    private readonly KubeApiClient _kube;
    private readonly IAzureCredentialProvider _provider;
    private readonly ILogger _logger;

    // The last version read of each Secret in use, with what it resolved to; never the Secret itself.
    private readonly ConcurrentDictionary<ObjectKey, Resolved> _resolved = new();

    public AzureCredentialsResolver(KubeApiClient kube, IAzureCredentialProvider provider, ILogger<AzureCredentialsResolver> logger)
    {
        _kube = kube ?? throw new ArgumentNullException(nameof(kube));
        _provider = provider ?? throw new ArgumentNullException(nameof(provider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>
    /// The credentials of a resource in <paramref name="namespace"/> with this <c>credentialsRef</c>; throws
    /// <see cref="CredentialsException"/> when they cannot be used.
    /// </summary>
    public async Task<AzureCredentials> ResolveAsync(string @namespace, SecretRef? credentialsRef, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        var key = new ObjectKey(@namespace, credentialsRef?.Name ?? DefaultSecretName);
        var metadata = await _kube.GetMetadataAsync(ResourceType.Secrets, key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            _resolved.TryRemove(key, out _);
            return credentialsRef is not null ? throw NotFound(key)
                : _provider.OperatorIdentity is { } own ? new AzureCredentials(own, OperatorIdentityDescription)
                : throw NoIdentity(key);
        }

        if (_resolved.TryGetValue(key, out var known) && known.ResourceVersion == metadata.Metadata.ResourceVersion)
        {
            return known.Credentials ?? throw new CredentialsException(known.Failure!.Reason, known.Failure.Message);
        }

        var secret = await _kube.GetAsync<V1Secret>(ResourceType.Secrets, key.Namespace, key.Name, cancellationToken).ConfigureAwait(false)
            ?? throw NotFound(key);
        var resolved = Read(key, secret, isDefault: credentialsRef is null);
        _resolved[key] = resolved;
        if (resolved.Credentials is { } credentials)
        {
            LogLoaded(_logger, @namespace, key.Name, resolved.ResourceVersion);
            return credentials;
        }

        throw new CredentialsException(resolved.Failure!.Reason, resolved.Failure.Message);
    }

    private static CredentialsException NoIdentity(ObjectKey key) => new(
        CredentialsNotFound,
        $"The operator has no Azure identity of its own (Operator:Azure:Credential is None) and namespace {key.Namespace} has no Secret {key.Name}. Create it with the keys {Needs}, or set spec.credentialsRef to a Secret with them.");

    private static CredentialsException NotFound(ObjectKey key) => new(
        CredentialsNotFound,
        $"spec.credentialsRef names Secret {key}, which does not exist. Create it with the keys {Needs}, or remove credentialsRef to use the namespace's Secret {DefaultSecretName} or the operator's own identity.");

    private Resolved Read(ObjectKey key, V1Secret secret, bool isDefault)
    {
        var version = secret.Metadata.ResourceVersion ?? "";
        var what = isDefault ? $"The namespace's default credentials Secret {key}" : $"Secret {key} (spec.credentialsRef)";
        var data = secret.Data ?? new Dictionary<string, byte[]>();
        var missing = new[] { TenantIdKey, ClientIdKey }.Where(k => string.IsNullOrWhiteSpace(Value(data, k))).ToList();
        if (missing.Count > 0)
        {
            return Failed($"{what} has no {string.Join(" and no ", missing)}; it needs {Needs}.");
        }

        var tenantId = Value(data, TenantIdKey)!.Trim();
        var clientId = Value(data, ClientIdKey)!.Trim();
        if (!TenantPattern().IsMatch(tenantId))
        {
            return Failed($"{what}: {TenantIdKey} must be the Entra tenant's id (a GUID) or its domain; fix the value.");
        }

        if (!Guid.TryParse(clientId, out _))
        {
            return Failed($"{what}: {ClientIdKey} must be the application (client) id, a GUID; fix the value.");
        }

        // A trailing newline is what `echo ... | base64` leaves; Entra secrets never end in one.
        var clientSecret = Value(data, ClientSecretKey)?.TrimEnd('\r', '\n');
        var workloadIdentity = Value(data, WorkloadIdentityKey)?.Trim();
        if (workloadIdentity is not (null or "true" or "false"))
        {
            return Failed($"{what}: {WorkloadIdentityKey} must be \"true\" or \"false\".");
        }

        AzureServicePrincipal principal;
        switch (clientSecret, workloadIdentity)
        {
            case ({ Length: > 0 }, "true"):
                return Failed($"{what} has both {ClientSecretKey} and {WorkloadIdentityKey}: \"true\"; keep one of them.");
            case ({ Length: > 0 } value, _):
                principal = new AzureServicePrincipal(tenantId, clientId, ClientSecret: value);
                break;
            case (_, "true"):
                if (_provider.FederatedTokenFile is not { } tokenFile)
                {
                    return Failed($"{what} asks for workload identity, but the operator runs without a federated service-account token (AZURE_FEDERATED_TOKEN_FILE); enable workload identity on the operator's service account, or use {ClientSecretKey}.");
                }

                principal = new AzureServicePrincipal(tenantId, clientId, FederatedTokenFile: tokenFile);
                break;
            default:
                return Failed($"{what} has no {ClientSecretKey}; add the service principal's secret as {ClientSecretKey}, or set {WorkloadIdentityKey}: \"true\" to sign in as {clientId} with the operator's federated service-account token.");
        }

        var identity = _provider.FromServicePrincipal($"secret:{key}", version, principal);
        return new Resolved(version, new AzureCredentials(identity, $"the identity in Secret {key} (client id {clientId})"), null);

        Resolved Failed(string message) => new(version, null, new CredentialsException(InvalidCredentials, message));
    }

    private static string? Value(IDictionary<string, byte[]> data, string key) =>
        data.TryGetValue(key, out var bytes) && bytes is not null ? Encoding.UTF8.GetString(bytes) : null;

    // A GUID, or a verified domain such as contoso.onmicrosoft.com; the characters Azure.Identity accepts.
    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z.-]{0,252}$", RegexOptions.CultureInvariant)]
    private static partial Regex TenantPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Azure credentials read from Secret {Namespace}/{Name} at resourceVersion {ResourceVersion}")]
    private static partial void LogLoaded(ILogger logger, string @namespace, string name, string resourceVersion);

    private sealed record Resolved(string ResourceVersion, AzureCredentials? Credentials, CredentialsException? Failure);
}
