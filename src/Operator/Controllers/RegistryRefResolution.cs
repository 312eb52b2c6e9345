using AcrOperator.Azure;

namespace AcrOperator.Controllers;

/// <summary>
/// The registry a child resource belongs to (<see cref="Id"/>), or why it has none: a condition reason and message,
/// and whether only a human can change that (<see cref="NeedsHuman"/>) or the child waits to be told of a change.
/// </summary>
public sealed record RegistryRefResolution(ArmRegistryId? Id, string Reason, string Message, bool NeedsHuman)
{
    public static RegistryRefResolution Resolved(ArmRegistryId id) => new(id, "", "", NeedsHuman: false);

    public static RegistryRefResolution Waiting(string reason, string message) => new(null, reason, message, NeedsHuman: false);

    public static RegistryRefResolution Refused(string reason, string message) => new(null, reason, message, NeedsHuman: true);
}
