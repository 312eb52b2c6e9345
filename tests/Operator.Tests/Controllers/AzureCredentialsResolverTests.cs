using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;
using AcrOperator.Controllers;
using AcrOperator.Runtime.Kube;
using AcrOperator.Tests.Integration;
using Azure.Identity;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcrOperator.Tests.Controllers;

/// <summary>How a resource's credentials are found and read, against the Kubernetes emulator, counting its requests.</summary>
public sealed class AzureCredentialsResolverTests : IAsyncLifetime
{
    private const string Namespace = "default";
    private const string Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private const string ClientId = "0f5c4e6a-7b8c-4d9e-8f01-23456789abcd";
    private const string Secret = "s3cret~value";

    private readonly CountingHandler _requests = new();
    private EmulatedCluster _cluster = null!;
    private HttpClient _http = null!;
    private AzureCredentialProvider _provider = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cluster = await EmulatedCluster.StartAsync();
        _http = new HttpClient(_requests);
        _provider = Provider(federatedTokenFile: null);
    }

    public async ValueTask DisposeAsync()
    {
        _provider.Dispose();
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Without_credentialsRef_or_the_default_Secret_the_operator_identity_acts()
    {
        var credentials = await Resolver().ResolveAsync(Namespace, null, Ct);

        Assert.Same(_provider.OperatorIdentity, credentials.Identity);
        Assert.Equal("the operator's own identity", credentials.Description);
    }

    [Fact]
    public async Task With_Credential_None_a_namespace_without_credentials_is_refused_and_one_with_them_acts_as_them()
    {
        using var none = new AzureCredentialProvider(Microsoft.Extensions.Options.Options.Create(new AzureOptions { Credential = AzureCredentialMode.None }), TimeProvider.System);
        var resolver = new AzureCredentialsResolver(new KubeApiClient(_http, _cluster.Server.BaseAddress), none, NullLogger<AzureCredentialsResolver>.Instance);

        var refused = await Assert.ThrowsAsync<CredentialsException>(() => resolver.ResolveAsync(Namespace, null, Ct));
        Assert.Equal(AzureCredentialsResolver.CredentialsNotFound, refused.Reason);
        Assert.Contains("Credential is None", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"namespace {Namespace} has no Secret {AzureCredentialsResolver.DefaultSecretName}", refused.Message, StringComparison.Ordinal);

        await ApplyAsync(AzureCredentialsResolver.DefaultSecretName, Keys());
        var team = await resolver.ResolveAsync(Namespace, null, Ct);
        Assert.Contains(ClientId, team.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_namespace_default_Secret_is_used_and_credentialsRef_wins_over_it()
    {
        await ApplyAsync(AzureCredentialsResolver.DefaultSecretName, Keys());
        await ApplyAsync("team-azure", Keys(clientId: "9e8d7c6b-5a49-4382-9170-fedcba987654"));
        var resolver = Resolver();

        var byDefault = await resolver.ResolveAsync(Namespace, null, Ct);
        var named = await resolver.ResolveAsync(Namespace, new SecretRef { Name = "team-azure" }, Ct);

        Assert.IsType<ClientSecretCredential>(byDefault.Identity.Credential);
        Assert.Equal($"secret:{Namespace}/{AzureCredentialsResolver.DefaultSecretName}", byDefault.Identity.Source);
        Assert.Equal($"the identity in Secret {Namespace}/{AzureCredentialsResolver.DefaultSecretName} (client id {ClientId})", byDefault.Description);
        Assert.Equal($"secret:{Namespace}/team-azure", named.Identity.Source);
        Assert.Contains("9e8d7c6b-5a49-4382-9170-fedcba987654", named.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_referenced_Secret_that_does_not_exist_is_CredentialsNotFound_naming_it()
    {
        var failure = await Assert.ThrowsAsync<CredentialsException>(() => Resolver().ResolveAsync(Namespace, new SecretRef { Name = "team-azure" }, Ct));

        Assert.Equal(AzureCredentialsResolver.CredentialsNotFound, failure.Reason);
        Assert.Contains($"Secret {Namespace}/team-azure", failure.Message, StringComparison.Ordinal);
        Assert.Contains("tenantId, clientId and either clientSecret or workloadIdentity", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, ClientId, Secret, null, "has no tenantId")]
    [InlineData(Tenant, "", Secret, null, "has no clientId")]
    [InlineData(null, null, Secret, null, "has no tenantId and no clientId")]
    [InlineData(Tenant, "my-app", Secret, null, "clientId must be the application (client) id, a GUID")]
    [InlineData("not a tenant!", ClientId, Secret, null, "tenantId must be the Entra tenant's id")]
    [InlineData(Tenant, ClientId, null, null, "has no clientSecret")]
    [InlineData(Tenant, ClientId, Secret, "true", "has both clientSecret and workloadIdentity")]
    [InlineData(Tenant, ClientId, null, "yes", "workloadIdentity must be \"true\" or \"false\"")]
    [InlineData(Tenant, ClientId, null, "true", "runs without a federated service-account token")]
    public async Task A_malformed_Secret_is_InvalidCredentials_saying_what_to_fix_and_never_showing_values(string? tenant, string? clientId, string? secret, string? workloadIdentity, string expected)
    {
        var keys = new Dictionary<string, string>();
        Put(keys, "tenantId", tenant);
        Put(keys, "clientId", clientId);
        Put(keys, "clientSecret", secret);
        Put(keys, "workloadIdentity", workloadIdentity);
        await ApplyAsync(AzureCredentialsResolver.DefaultSecretName, keys);

        var failure = await Assert.ThrowsAsync<CredentialsException>(() => Resolver().ResolveAsync(Namespace, null, Ct));

        Assert.Equal(AzureCredentialsResolver.InvalidCredentials, failure.Reason);
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.Contains($"Secret {Namespace}/{AzureCredentialsResolver.DefaultSecretName}", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkloadIdentity_signs_in_as_the_Secret_client_id_with_the_operator_federated_token()
    {
        using var provider = Provider(federatedTokenFile: "/var/run/secrets/azure/tokens/azure-identity-token");
        await ApplyAsync(AzureCredentialsResolver.DefaultSecretName, new Dictionary<string, string> { ["tenantId"] = Tenant, ["clientId"] = ClientId, ["workloadIdentity"] = "true" });

        var credentials = await new AzureCredentialsResolver(_cluster.Api, provider, NullLogger<AzureCredentialsResolver>.Instance).ResolveAsync(Namespace, null, Ct);

        Assert.IsType<WorkloadIdentityCredential>(credentials.Identity.Credential);
    }

    [Fact]
    public async Task An_unchanged_Secret_costs_one_metadata_read_per_pass_and_keeps_its_identity_a_changed_one_gives_a_new_identity()
    {
        await ApplyAsync("team-azure", Keys());
        var resolver = Resolver();
        var reference = new SecretRef { Name = "team-azure" };

        var first = await resolver.ResolveAsync(Namespace, reference, Ct);
        _requests.Seen.Clear();
        var second = await resolver.ResolveAsync(Namespace, reference, Ct);

        Assert.Same(first, second);
        var only = Assert.Single(_requests.Seen);
        Assert.Contains("as=PartialObjectMetadata", only, StringComparison.Ordinal);

        await ApplyAsync("team-azure", Keys(secret: "rotated-s3cret"));
        _requests.Seen.Clear();
        var rotated = await resolver.ResolveAsync(Namespace, reference, Ct);

        Assert.Equal(2, _requests.Seen.Count);
        Assert.Equal(first.Identity.Source, rotated.Identity.Source);
        Assert.NotEqual(first.Identity.Key, rotated.Identity.Key);
    }

    private AzureCredentialsResolver Resolver() =>
        new(new KubeApiClient(_http, _cluster.Server.BaseAddress), _provider, NullLogger<AzureCredentialsResolver>.Instance);

    private static AzureCredentialProvider Provider(string? federatedTokenFile) =>
        new(Microsoft.Extensions.Options.Options.Create(new AzureOptions { Credential = AzureCredentialMode.StaticToken, StaticToken = "sandbox", FederatedTokenFile = federatedTokenFile }), TimeProvider.System);

    private static Dictionary<string, string> Keys(string clientId = ClientId, string secret = Secret) => new()
    {
        ["tenantId"] = Tenant,
        ["clientId"] = clientId,
        ["clientSecret"] = secret,
    };

    private static void Put(Dictionary<string, string> keys, string key, string? value)
    {
        if (value is not null)
        {
            keys[key] = value;
        }
    }

    private async Task ApplyAsync(string name, Dictionary<string, string> data)
    {
        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Data = data.ToDictionary(d => d.Key, d => System.Text.Encoding.UTF8.GetBytes(d.Value), StringComparer.Ordinal),
        };
        if (await _cluster.Api.GetAsync<V1Secret>(ResourceType.Secrets, Namespace, name, Ct) is null)
        {
            await _cluster.Api.CreateAsync(ResourceType.Secrets, Namespace, secret, Ct);
        }
        else
        {
            await _cluster.Api.PatchAsync<V1Secret>(ResourceType.Secrets, Namespace, name, PatchType.Merge, KubernetesJson.Serialize(new { data = secret.Data }), Ct);
        }
    }

    /// <summary>Passes requests to the emulator and notes each one's method, path and Accept header.</summary>
    private sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
    {
        public List<string> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add($"{request.Method} {request.RequestUri!.PathAndQuery} {request.Headers.Accept}");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
