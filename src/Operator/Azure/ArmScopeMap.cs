namespace AcrOperator.Azure;

/// <summary>A registry's scope map: the repository actions a token bound to it may perform.</summary>
public sealed record ArmScopeMap(string Id, string Name, IReadOnlyList<string> Actions);
