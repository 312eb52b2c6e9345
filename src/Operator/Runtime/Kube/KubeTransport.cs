using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Authentication;
using k8s.Exceptions;

namespace AcrOperator.Runtime.Kube;

/// <summary>
/// The HTTP pipeline and credentials for a <see cref="KubernetesClientConfiguration"/>, as KubernetesClient's
/// <c>Kubernetes</c> constructor builds them. That generated class implements every API group's interface; loading
/// it costs several MiB of type data and JIT for a few Lease calls, so the operator does not construct it (issue 5).
/// </summary>
public static class KubeTransport
{
    public static KubeApiClient CreateClient(
        KubernetesClientConfiguration configuration,
        HttpMessageHandler? innerHandler = null,
        KubeAccessPolicy? accessPolicy = null,
        string? userAgent = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration.Host))
        {
            throw new KubeConfigException("Host url must be set");
        }

        Uri baseUri;
        try
        {
            baseUri = new Uri(configuration.Host);
        }
        catch (UriFormatException e)
        {
            throw new KubeConfigException("Bad host url", e);
        }

        var credentials = CreateCredentials(configuration);
        var handler = innerHandler ?? CreateHandler(configuration, baseUri);

        // No client timeout: KubeApiClient sets per-request and watch deadlines itself.
        var http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        return new KubeApiClient(
            http,
            baseUri,
            credentials is null ? null : credentials.ProcessHttpRequestAsync,
            accessPolicy,
            userAgent);
    }

    private static SocketsHttpHandler CreateHandler(KubernetesClientConfiguration configuration, Uri baseUri)
    {
        // KubernetesClient's settings: HTTP/2 keep-alive pings find connections that died silently under a watch.
        var handler = new SocketsHttpHandler
        {
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            KeepAlivePingDelay = TimeSpan.FromMinutes(3),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(30),
        };
        handler.SslOptions.ClientCertificates = [];

        if (baseUri.Scheme == Uri.UriSchemeHttps)
        {
            if (configuration.SkipTlsVerify)
            {
                // The kubeconfig asked for it (insecure-skip-tls-verify), as kubectl honours it.
#pragma warning disable CA5359
                handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
            }
            else
            {
                var caCerts = configuration.SslCaCerts ?? throw new KubeConfigException("A CA must be set when SkipTlsVerify === false");
                handler.SslOptions.RemoteCertificateValidationCallback =
                    (_, certificate, chain, errors) => IsTrusted(caCerts, certificate, chain, errors);
            }
        }

        if (ClientCertificate(configuration) is { } clientCert)
        {
            handler.SslOptions.ClientCertificates.Add(clientCert);
        }

        return handler;
    }

    /// <summary>The client certificate and key of the kubeconfig user (inline base64 PEM or files), or null when it has none.</summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration configuration)
    {
        var certPem = Pem(configuration.ClientCertificateData, configuration.ClientCertificateFilePath);
        var keyPem = Pem(configuration.ClientCertificateKeyData, configuration.ClientKeyFilePath);
        if (certPem is null || keyPem is null)
        {
            return null;
        }

        var cert = X509Certificate2.CreateFromPem(certPem, keyPem);
        if (!OperatingSystem.IsWindows())
        {
            return cert;
        }

        // Windows' TLS stack cannot use an ephemeral key: round-trip through PKCS#12, as KubernetesClient does.
        using (cert)
        {
            return X509CertificateLoader.LoadPkcs12(
                cert.Export(X509ContentType.Pkcs12),
                password: null,
                configuration.ClientCertificateKeyStoreFlags ?? X509KeyStorageFlags.DefaultKeySet);
        }
    }

    private static string? Pem(string? base64Data, string? filePath)
        => !string.IsNullOrWhiteSpace(filePath) ? File.ReadAllText(filePath)
            : !string.IsNullOrWhiteSpace(base64Data) ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64Data))
            : null;

    /// <summary>As KubernetesClient: the token provider (service-account token file, exec plugin...), else a static token, else basic auth.</summary>
    private static ServiceClientCredentials? CreateCredentials(KubernetesClientConfiguration configuration)
    {
        if (configuration.TokenProvider is not null)
        {
            return new TokenCredentials(configuration.TokenProvider);
        }

        if (!string.IsNullOrEmpty(configuration.AccessToken))
        {
            return new TokenCredentials(configuration.AccessToken);
        }

        if (!string.IsNullOrEmpty(configuration.Username))
        {
            return new BasicAuthenticationCredentials { UserName = configuration.Username, Password = configuration.Password };
        }

        return null;
    }

    /// <summary>
    /// KubernetesClient's check: a chain that does not end in a system root is accepted when its root is one of the
    /// cluster's CA certificates.
    /// </summary>
    internal static bool IsTrusted(X509Certificate2Collection caCerts, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0 || chain is null || certificate is null)
        {
            return false;
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ExtraStore.AddRange(caCerts);
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority;
        var isValid = chain.Build((X509Certificate2)certificate);
        var root = chain.ChainElements[^1].Certificate;
        var isTrusted = caCerts.Any(ca => root.RawData.AsSpan().SequenceEqual(ca.RawData));
        return isValid && isTrusted;
    }
}
