namespace AcrOperator.Azure;

/// <summary>
/// A repository-scoped token as ARM reports it. Password values are never in it: ARM returns them only from
/// <see cref="IArmTokenClient.GenerateCredentialsAsync"/>.
/// </summary>
public sealed record ArmToken
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public string? ScopeMapId { get; init; }

    /// <summary><c>enabled</c> or <c>disabled</c>.</summary>
    public string? Status { get; init; }

    public string? ProvisioningState { get; init; }

    public IReadOnlyList<ArmTokenPasswordInfo> Passwords { get; init; } = [];

    public bool IsEnabled => string.Equals(Status, "enabled", StringComparison.OrdinalIgnoreCase);

    public ArmTokenPasswordInfo? Password(string name) =>
        Passwords.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
