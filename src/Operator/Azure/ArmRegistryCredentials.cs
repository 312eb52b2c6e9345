namespace AcrOperator.Azure;

/// <summary>The admin user's name and two passwords (two, so one can rotate while the other serves).</summary>
public sealed class ArmRegistryCredentials(string username, IReadOnlyList<ArmRegistryPassword> passwords)
{
    public string Username { get; } = username;

    public IReadOnlyList<ArmRegistryPassword> Passwords { get; } = passwords;

    public override string ToString() => $"{Username} ({Passwords.Count} passwords)";
}
