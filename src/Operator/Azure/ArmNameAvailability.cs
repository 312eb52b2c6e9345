namespace AcrOperator.Azure;

/// <summary>The answer of <c>checkNameAvailability</c>: reason <c>AlreadyExists</c> or <c>Invalid</c> when not available.</summary>
public sealed record ArmNameAvailability(bool NameAvailable, string? Reason, string? Message);
