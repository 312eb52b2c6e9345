using System.Text.Json.Nodes;

namespace AcrOperator.Azure;

/// <summary>A PATCH of a task (TaskUpdateParameters): only the members of <see cref="Properties"/> that differ, and tags when they do.</summary>
public sealed record ArmTaskUpdate
{
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    public JsonObject Properties { get; init; } = [];

    public bool IsEmpty => Tags is null && Properties.Count == 0;
}
