using System.ComponentModel.DataAnnotations;

namespace AcrOperator.Azure;

/// <summary>
/// How the operator reaches Azure (section <c>Operator:Azure</c>). Endpoints and trust are configuration
/// because sovereign clouds and the sandbox's emulator need the same knobs.
/// </summary>
public sealed class AzureOptions
{
    public const string Section = "Operator:Azure";

    /// <summary>The Resource Manager endpoint; tokens are requested for <c>{endpoint}/.default</c>.</summary>
    [Required]
    public Uri ResourceManagerEndpoint { get; set; } = new("https://management.azure.com");

    /// <summary>The subscription used when a resource names none.</summary>
    public string? DefaultSubscriptionId { get; set; }

    /// <summary>The Entra ID authority for the Azure.Identity credentials (public cloud when null).</summary>
    public Uri? AuthorityHost { get; set; }

    /// <summary>
    /// Skips Entra ID instance discovery. Needed when <see cref="AuthorityHost"/> is not a public or sovereign Entra
    /// cloud (Azure Stack Hub, ADFS, the sandbox's emulator): discovery would ask login.microsoftonline.com about it.
    /// </summary>
    public bool DisableInstanceDiscovery { get; set; }

    /// <summary>
    /// The operator pod's projected service-account token for workload identity; null means <c>AZURE_FEDERATED_TOKEN_FILE</c>,
    /// which the AKS workload-identity webhook sets. Credentials Secrets that ask for workload identity sign in with it.
    /// </summary>
    public string? FederatedTokenFile { get; set; }

    /// <summary>Which credential the operator's own identity uses.</summary>
    public AzureCredentialMode Credential { get; set; } = AzureCredentialMode.Auto;

    /// <summary>The bearer token sent with <see cref="AzureCredentialMode.StaticToken"/> (sandbox and emulator only).</summary>
    public string? StaticToken { get; set; }

    /// <summary>The client id of a user-assigned managed or workload identity; null uses the environment's.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// PEM files of CA certificates trusted for the ARM endpoint and the registries' data plane, in addition
    /// to the system's roots (or instead of them when <see cref="TrustSystemCertificateAuthorities"/> is false).
    /// </summary>
    public IList<string> TrustedCaCertificatePaths { get; } = [];

    /// <summary>Whether the operating system's roots stay trusted next to <see cref="TrustedCaCertificatePaths"/>.</summary>
    public bool TrustSystemCertificateAuthorities { get; set; } = true;

    /// <summary>The data-plane base URL of a login server; <c>{loginServer}</c> is replaced.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataPlaneEndpointTemplate { get; set; } = "https://{loginServer}";

    /// <summary>
    /// The Entra ID scope of the token exchanged at a registry's <c>/oauth2/exchange</c> (the kubelet credential
    /// provider's choice; sovereign clouds have their own).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string ContainerRegistryScope { get; set; } = "https://containerregistry.azure.net/.default";

    /// <summary>How long one HTTP attempt may take before it counts as a transient failure.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times a transient failure (5xx, timeout, dropped connection, short 429) is retried within one call.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off of in-call retries; it doubles per retry.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>
    /// The longest a call waits inside the pipeline, for a back-off, a server's <c>Retry-After</c> or a paused
    /// subscription. Longer waits are handed back to the caller as Throttled/Transient with the wait, so a worker
    /// requeues instead of sleeping.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan MaxInlineWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The first poll of a long-running operation and the shortest wait between polls (<see cref="OperationPollSchedule"/>);
    /// later waits grow with the operation's age. Azure's <c>Retry-After</c> can only lengthen a wait.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan MinPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between polls the schedule picks itself; a longer <c>Retry-After</c> is still honoured.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The client-side estimate of ARM's per-subscription buckets, corrected by each response's remaining-headers.</summary>
    public ArmRateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The data-plane base URL of <paramref name="loginServer"/>, from <see cref="DataPlaneEndpointTemplate"/>.</summary>
    public Uri DataPlaneEndpoint(string loginServer)
    {
        ArgumentException.ThrowIfNullOrEmpty(loginServer);
        var url = DataPlaneEndpointTemplate.Replace("{loginServer}", loginServer, StringComparison.Ordinal);
        return new Uri(url.EndsWith('/') ? url : url + "/");
    }
}
