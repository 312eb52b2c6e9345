namespace AcrOperator.Azure;

/// <summary>One admin password (<c>password</c> or <c>password2</c>). <see cref="ToString"/> never shows the value.</summary>
public sealed class ArmRegistryPassword(string name, string value)
{
    public string Name { get; } = name;

    public string Value { get; } = value;

    public override string ToString() => $"{Name}: ***";
}
