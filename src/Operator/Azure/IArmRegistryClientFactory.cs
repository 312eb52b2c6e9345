namespace AcrOperator.Azure;

/// <summary>Registry clients per identity, so each resource acts as the identity its credentials name.</summary>
public interface IArmRegistryClientFactory
{
    /// <summary>The client acting as <paramref name="identity"/>: reused while its key stays the same.</summary>
    IArmRegistryClient ClientFor(AzureIdentity identity);
}
