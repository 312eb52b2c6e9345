namespace AcrOperator.Sandbox.Arm.Diagnostics;

/// <summary>
/// One served ARM request. <see cref="Status"/> is 0 for a dropped connection; <see cref="Operation"/> is
/// <c>METHOD type[/action]</c> when the route resolved (what fault rules match on); <see cref="ClientId"/> is the
/// Entra ID principal whose token authenticated it, null for the emulator's owner (static tokens) or no token.
/// </summary>
public sealed record ArmRequestLogEntry(DateTimeOffset Time, string Method, string Path, int Status, double DurationMs, string? Operation, string? ClientId = null);
