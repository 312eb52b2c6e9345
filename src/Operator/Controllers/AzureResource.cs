using AcrOperator.Azure;

namespace AcrOperator.Controllers;

/// <summary>
/// One resource in Azure as a kind's reconciler sees it: how to read, create and poll it, what status shows of it,
/// and how it differs from the spec. <see cref="AzurePass{TResource, TStatus}.ConvergeAsync{T}"/> runs the steps
/// every kind shares over it (finish a pending operation, create, adopt, refuse an immutable difference, patch only
/// what differs, report Ready) and <see cref="AzurePass{TResource, TStatus}.ObserveAsync{T}"/> only reads it.
/// </summary>
public sealed class AzureResource<T>
    where T : class, IArmProvisioned
{
    /// <summary>Its name in Azure, for events and conditions.</summary>
    public required string Name { get; init; }

    public required string ResourceId { get; init; }

    /// <summary>Where a create puts it, for the event (a region).</summary>
    public required string Location { get; init; }

    /// <summary>The resource, or null when it does not exist.</summary>
    public required Func<CancellationToken, Task<T?>> GetAsync { get; init; }

    public required Func<ArmOperation, CancellationToken, Task<ArmPollResult<T>>> PollAsync { get; init; }

    /// <summary>Starts the create (PUT) from the spec.</summary>
    public required Func<CancellationToken, Task<ArmPollResult<T>>> CreateAsync { get; init; }

    /// <summary>Copies what status shows of the resource as Azure has it.</summary>
    public required Action<T> Observe { get; init; }

    /// <summary>What the spec asks that Azure cannot change on the existing resource, as an actionable message; null when nothing.</summary>
    public Func<T, string?> ImmutableDifference { get; init; } = _ => null;

    /// <summary>The PATCH that makes the resource match the spec; null when it already does.</summary>
    public required Func<T, CancellationToken, Task<AzureUpdate<T>?>> DiffAsync { get; init; }

    /// <summary>The Ready condition's message once the resource matches the spec.</summary>
    public required Func<T, string> ReadyMessage { get; init; }
}
