using Azure.Core;

namespace AcrOperator.Azure;

/// <summary>
/// A credential and the key it is cached under: one ARM pipeline (and token cache) exists per key. The key
/// should change when the identity's source changes (e.g. a Secret's resourceVersion), so rotation takes effect.
/// </summary>
public sealed class AzureIdentity(string key, TokenCredential credential)
{
    public string Key { get; } = key;

    public TokenCredential Credential { get; } = credential;

    public override string ToString() => Key;
}
