namespace AcrOperator.Azure;

/// <summary>Customer-managed key encryption: the Key Vault key and the client id of the identity that reads it.</summary>
public sealed record ArmRegistryEncryption(bool Enabled, string? KeyIdentifier = null, string? IdentityClientId = null);
