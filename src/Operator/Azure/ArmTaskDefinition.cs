using System.Text.Json.Nodes;

namespace AcrOperator.Azure;

/// <summary>A whole task for a PUT: its registry's location, tags, and <c>properties</c> with secret values marked secret.</summary>
public sealed record ArmTaskDefinition
{
    public required string Location { get; init; }

    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public required JsonObject Properties { get; init; }
}
