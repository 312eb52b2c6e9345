namespace AcrOperator.Azure;

/// <summary>Registry clients per identity, so each resource acts as the identity its credentials name.</summary>
public interface IArmRegistryClientFactory
{
    /// <summary>The registries' <c>/oauth2/exchange</c>, shared by all identities (each call names its own).</summary>
    IAcrTokenExchange Exchange { get; }

    /// <summary>The client acting as <paramref name="identity"/>: reused while its key stays the same.</summary>
    IArmRegistryClient ClientFor(AzureIdentity identity);

    /// <summary>The scope-map and token client acting as <paramref name="identity"/>, on the same pipeline as <see cref="ClientFor"/>.</summary>
    IArmTokenClient TokensFor(AzureIdentity identity);
}
