using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AcrOperator.Azure;

/// <summary>
/// TLS trust for every Azure endpoint the operator calls (ARM and the registries' data plane). Validation is
/// never switched off: configured CAs are added as extra roots, and the chain, the host name and the server
/// EKU are still checked.
/// </summary>
/// <remarks>
/// With system roots on, the platform validates first and its verdict stands when it is clean; only a chain
/// error is re-judged, by building the chain again with <see cref="X509ChainTrustMode.CustomRootTrust"/> over the
/// configured CAs alone. That gives "system roots ∪ configured roots" without copying the system store, and a
/// name mismatch is never forgiven. With system roots off, every chain must end in a configured CA.
/// </remarks>
public sealed class AzureTrust
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private readonly X509Certificate2Collection _roots;
    private readonly bool _trustSystemRoots;

    public AzureTrust(AzureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _roots = [];
        foreach (var path in options.TrustedCaCertificatePaths)
        {
            _roots.AddRange(LoadCertificates(path));
        }

        _trustSystemRoots = options.TrustSystemCertificateAuthorities;
    }

    /// <summary>A handler for ARM or data-plane clients carrying this trust; the caller owns it.</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.All };
        if (_roots.Count > 0 || !_trustSystemRoots)
        {
            handler.SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate };
        }

        return handler;
    }

    internal static X509Certificate2Collection LoadCertificates(string path)
    {
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPemFile(path);
        return certificates;
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        if (errors == SslPolicyErrors.None && _trustSystemRoots)
        {
            return true;
        }

        if (_roots.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.ApplicationPolicy.Add(ServerAuthentication);
        // Private and emulator CAs rarely publish revocation lists; the platform default for TLS clients is no check too.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (certificate is X509Certificate2 leaf)
        {
            return chain.Build(leaf);
        }

        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(copy);
    }
}
