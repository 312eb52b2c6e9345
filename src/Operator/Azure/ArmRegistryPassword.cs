namespace AcrOperator.Azure;

/// <summary>
/// One password of the admin user (<c>password</c>, <c>password2</c>) or of a token (<c>password1</c>, <c>password2</c>),
/// with its expiry when it has one. <see cref="ToString"/> never shows the value.
/// </summary>
public sealed class ArmRegistryPassword(string name, string value, DateTimeOffset? expiry = null)
{
    public string Name { get; } = name;

    public string Value { get; } = value;

    /// <summary>When a token password stops being accepted; null for admin passwords and passwords without expiry.</summary>
    public DateTimeOffset? Expiry { get; } = expiry;

    public override string ToString() => $"{Name}: ***";
}
