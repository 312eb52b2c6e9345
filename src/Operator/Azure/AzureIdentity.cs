using Azure.Core;

namespace AcrOperator.Azure;

/// <summary>
/// A credential, where it comes from and the key it is cached under: one ARM pipeline (and token cache) exists per
/// source, and a new <see cref="Key"/> for the same source (a Secret's new resourceVersion) replaces it, so rotation
/// takes effect and the old secret is not kept.
/// </summary>
public sealed class AzureIdentity(string source, string version, TokenCredential credential)
{
    /// <summary>Where the identity comes from, e.g. <c>operator</c> or <c>secret:team-a/azure-creds</c>.</summary>
    public string Source { get; } = source;

    /// <summary><see cref="Source"/> at one version: equal keys may share a client and its cached tokens.</summary>
    public string Key { get; } = $"{source}@{version}";

    public TokenCredential Credential { get; } = credential;

    public override string ToString() => Key;
}
