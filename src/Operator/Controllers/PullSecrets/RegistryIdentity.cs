using AcrOperator.Api.V1Alpha1;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// The Azure identity a Registry's pull-secret calls act as: the one its credentials name (<c>spec.credentialsRef</c>,
/// the namespace's default Secret, or the operator's own), the same as the Registry controller uses. Resolved at most
/// once per pass and only when the pass calls Azure, since most passes (a namespace added) do not.
/// </summary>
public sealed class RegistryIdentity
{
    private readonly Func<CancellationToken, Task<AzureCredentials>> _resolve;
    private Task<AzureCredentials>? _resolved;

    public RegistryIdentity(Func<CancellationToken, Task<AzureCredentials>> resolve) => _resolve = resolve ?? throw new ArgumentNullException(nameof(resolve));

    /// <summary>The identity of <paramref name="registry"/> as <paramref name="resolver"/> finds it.</summary>
    public static RegistryIdentity Of(Registry registry, AzureCredentialsResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(resolver);
        return new RegistryIdentity(ct => resolver.ResolveAsync(registry.Metadata.NamespaceProperty, registry.Spec.CredentialsRef, ct));
    }

    /// <summary>How conditions name the identity; null until it was resolved.</summary>
    public string? Description => _resolved is { IsCompletedSuccessfully: true } done ? done.Result.Description : null;

    /// <summary>The credentials; throws <see cref="CredentialsException"/> when they cannot be used.</summary>
    public Task<AzureCredentials> ResolveAsync(CancellationToken cancellationToken) => _resolved ??= _resolve(cancellationToken);
}
