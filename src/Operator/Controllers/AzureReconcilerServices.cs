using AcrOperator.Azure;
using AcrOperator.Runtime;
using AcrOperator.Runtime.Events;
using AcrOperator.Runtime.Status;

namespace AcrOperator.Controllers;

/// <summary>What every reconciler of an Azure-backed kind uses, in one place: one instance serves them all.</summary>
public sealed class AzureReconcilerServices(
    AzureCredentialsResolver credentials,
    IArmRegistryClientFactory clients,
    Finalizers finalizers,
    StatusWriter statusWriter,
    IEventRecorder events,
    OperationPollSchedule polls,
    TimeProvider time)
{
    /// <summary>Which identity each resource acts as.</summary>
    public AzureCredentialsResolver Credentials { get; } = credentials ?? throw new ArgumentNullException(nameof(credentials));

    public IArmRegistryClientFactory Clients { get; } = clients ?? throw new ArgumentNullException(nameof(clients));

    public Finalizers Finalizers { get; } = finalizers ?? throw new ArgumentNullException(nameof(finalizers));

    public StatusWriter StatusWriter { get; } = statusWriter ?? throw new ArgumentNullException(nameof(statusWriter));

    public IEventRecorder Events { get; } = events ?? throw new ArgumentNullException(nameof(events));

    public OperationPollSchedule Polls { get; } = polls ?? throw new ArgumentNullException(nameof(polls));

    public TimeProvider Time { get; } = time ?? throw new ArgumentNullException(nameof(time));
}
