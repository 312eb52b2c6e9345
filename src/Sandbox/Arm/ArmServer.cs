using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using AcrOperator.Sandbox.Arm.DataPlane;
using AcrOperator.Sandbox.Arm.Entra;
using AcrOperator.Sandbox.Arm.Diagnostics;
using AcrOperator.Sandbox.Arm.Faults;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AcrOperator.Sandbox.Arm;

/// <summary>
/// The Azure Resource Manager emulator for <c>Microsoft.Resources/resourceGroups</c> and
/// <c>Microsoft.ContainerRegistry</c>: HTTPS on 127.0.0.1 with a certificate from a CA made at start,
/// in-memory state, ARM's error bodies, long-running operations, throttling and fault injection.
/// </summary>
public sealed class ArmServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 serverCertificate;
    private readonly string? ownedDirectory;

    private readonly RegistryDataPlane dataPlane;

    private ArmServer(WebApplication app, ArmRuntime runtime, RegistryDataPlane dataPlane, X509Certificate2 ca, X509Certificate2 serverCertificate, string caPath, string? ownedDirectory, Uri baseAddress)
    {
        this.app = app;
        this.dataPlane = dataPlane;
        Runtime = runtime;
        CaCertificate = ca;
        this.serverCertificate = serverCertificate;
        CaCertificatePath = caPath;
        this.ownedDirectory = ownedDirectory;
        BaseAddress = baseAddress;
    }

    /// <summary>https://127.0.0.1:PORT/</summary>
    public Uri BaseAddress { get; }

    /// <summary>PEM file of the CA that signed the server certificate; clients add it as their only trusted root.</summary>
    public string CaCertificatePath { get; }

    public X509Certificate2 CaCertificate { get; }

    /// <summary>Completion style per resource type and method, operation duration and Retry-After.</summary>
    public ArmCompletionSettings Completion => Runtime.Completion;

    /// <summary>Fault rules (also at <c>/_admin/faults</c>).</summary>
    public ArmFaultInjector Faults => Runtime.Faults;

    /// <summary>Requests served on ARM routes (also at <c>/_admin/requests</c>).</summary>
    public ArmRequestLog RequestLog => Runtime.RequestLog;

    /// <summary>The emulated Entra ID: service principals, their credentials and role scopes (also at <c>/_admin/principals</c>).</summary>
    public EntraDirectory Entra => Runtime.Entra;

    /// <summary>
    /// The Entra ID authority host to give Azure.Identity (<c>AuthorityHost</c>, with instance discovery off): tokens
    /// come from <c>POST {AuthorityHost}{tenant}/oauth2/v2.0/token</c> on this listener.
    /// </summary>
    public Uri AuthorityHost => BaseAddress;

    internal ArmRuntime Runtime { get; }

    public static async Task<ArmServer> StartAsync(ArmServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var runtime = new ArmRuntime(options, [ContainerRegistryProvider.Create()]);
        // ARM deletes resource groups asynchronously (202 + Location); tests may change it.
        runtime.Completion.Set(Arm.Resources.ArmResourceType.ResourceGroups.FullType, "DELETE", ArmCompletionStyle.Location);

        var (ca, serverCertificate) = ArmCertificates.Create();
        var ownedDirectory = options.CertificateDirectory is null ? Directory.CreateTempSubdirectory("acr-sandbox-arm-").FullName : null;
        var directory = options.CertificateDirectory ?? ownedDirectory!;
        Directory.CreateDirectory(directory);
        var caPath = Path.Combine(directory, "ca.pem");
        await File.WriteAllTextAsync(caPath, ca.ExportCertificatePem() + "\n", cancellationToken);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.UseHttps(serverCertificate));
            kestrel.AddServerHeader = false;
        });
        var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger<ArmServer>();
        var dataPlane = new RegistryDataPlane(runtime);
        var handler = new ArmRequestHandler(runtime, new AdminEndpoints(runtime, dataPlane, logger), dataPlane, logger);
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new ArmServer(app, runtime, dataPlane, ca, serverCertificate, caPath, ownedDirectory, new Uri($"https://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
    }

    /// <summary>
    /// Where the data plane of the registry with this login server is served: <c>https://&lt;loginServer&gt;/v2/</c>
    /// is <c>DataPlaneAddress(loginServer) + "v2/"</c>, and likewise <c>oauth2/exchange</c> and <c>oauth2/token</c>.
    /// </summary>
    public Uri DataPlaneAddress(string loginServer) => new(BaseAddress, RegistryDataPlane.PathPrefix.TrimStart('/') + loginServer + "/");

    /// <summary>Whether a docker login to <paramref name="loginServer"/> with these credentials would succeed right now (also at <c>POST /_admin/dataplane/check</c>).</summary>
    public bool CheckCredentials(string loginServer, string username, string password) => dataPlane.CheckCredentials(loginServer, username, password);

    /// <summary>A handler that trusts exactly this server's CA (TLS validation stays on), e.g. for an Azure SDK transport.</summary>
    public HttpMessageHandler CreateHttpMessageHandler() => ArmCertificates.CreateHandler(CaCertificate);

    /// <summary>An HttpClient for this server that trusts exactly its CA; with a token it sends <c>Authorization: Bearer</c>.</summary>
    public HttpClient CreateHttpClient(string? bearerToken = "sandbox") => CreateHttpClient(CaCertificate, BaseAddress, bearerToken);

    /// <summary>An HttpClient for an emulator in another process, from the CA PEM it printed.</summary>
    public static HttpClient CreateHttpClient(string caCertificatePath, Uri baseAddress, string? bearerToken = "sandbox") =>
        CreateHttpClient(X509CertificateLoader.LoadCertificate(System.Text.Encoding.ASCII.GetBytes(File.ReadAllText(caCertificatePath))), baseAddress, bearerToken);

    /// <summary>Replaces the per-subscription token buckets (null: no throttling); all buckets start full.</summary>
    public void ConfigureThrottling(ArmThrottleOptions? options) => Runtime.Throttle.Configure(options);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        serverCertificate.Dispose();
        if (ownedDirectory is not null)
        {
            Directory.Delete(ownedDirectory, recursive: true);
        }
    }

    private static HttpClient CreateHttpClient(X509Certificate2 ca, Uri baseAddress, string? bearerToken)
    {
        var client = new HttpClient(ArmCertificates.CreateHandler(ca)) { BaseAddress = baseAddress };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }
}
