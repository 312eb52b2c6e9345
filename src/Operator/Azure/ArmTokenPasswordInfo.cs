namespace AcrOperator.Azure;

/// <summary>What ARM tells about a token password without its value: which one, when it was made, when it expires.</summary>
public sealed record ArmTokenPasswordInfo(string Name, DateTimeOffset? CreationTime, DateTimeOffset? Expiry);
