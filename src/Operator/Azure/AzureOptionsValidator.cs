using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace AcrOperator.Azure;

/// <summary>Checks what data annotations cannot: a usable endpoint, readable CA files, a token where one is required.</summary>
public sealed class AzureOptionsValidator : IValidateOptions<AzureOptions>
{
    public ValidateOptionsResult Validate(string? name, AzureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ResourceManagerEndpoint is not { IsAbsoluteUri: true, Scheme: "https" })
        {
            failures.Add($"{AzureOptions.Section}:ResourceManagerEndpoint must be an absolute https URL.");
        }

        if (options.AuthorityHost is { } authority && authority is not { IsAbsoluteUri: true, Scheme: "https" })
        {
            failures.Add($"{AzureOptions.Section}:AuthorityHost must be an absolute https URL.");
        }

        if (options.Credential == AzureCredentialMode.StaticToken && string.IsNullOrWhiteSpace(options.StaticToken))
        {
            failures.Add($"{AzureOptions.Section}:StaticToken is required when Credential is StaticToken.");
        }

        if (!options.DataPlaneEndpointTemplate.Contains("{loginServer}", StringComparison.Ordinal)
            || !Uri.TryCreate(options.DataPlaneEndpointTemplate.Replace("{loginServer}", "example.azurecr.io", StringComparison.Ordinal), UriKind.Absolute, out var dataPlane)
            || dataPlane.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{AzureOptions.Section}:DataPlaneEndpointTemplate must be an https URL containing {{loginServer}}.");
        }

        if (options.MaxPollInterval < options.MinPollInterval)
        {
            failures.Add($"{AzureOptions.Section}:MaxPollInterval ({options.MaxPollInterval}) must not be shorter than MinPollInterval ({options.MinPollInterval}).");
        }

        if (!options.TrustSystemCertificateAuthorities && options.TrustedCaCertificatePaths.Count == 0)
        {
            failures.Add($"{AzureOptions.Section}:TrustSystemCertificateAuthorities is false but no TrustedCaCertificatePaths are set: nothing would be trusted.");
        }

        foreach (var path in options.TrustedCaCertificatePaths)
        {
            try
            {
                if (AzureTrust.LoadCertificates(path).Count == 0)
                {
                    failures.Add($"{AzureOptions.Section}:TrustedCaCertificatePaths: {path} holds no PEM certificate.");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                failures.Add($"{AzureOptions.Section}:TrustedCaCertificatePaths: {path} cannot be read: {e.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
