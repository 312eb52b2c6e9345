using AcrOperator.Azure;

namespace AcrOperator.Controllers;

/// <summary>How to delete one Azure resource and poll its deletion: what <see cref="AzurePass{TResource, TStatus}.DeleteAsync{T}"/> needs of a kind's client.</summary>
/// <param name="Name">The resource's name in Azure, for events and conditions.</param>
public sealed record AzureDeletion<T>(
    string Name,
    string ResourceId,
    Func<CancellationToken, Task<ArmPollResult<T>>> BeginAsync,
    Func<ArmOperation, CancellationToken, Task<ArmPollResult<T>>> PollAsync)
    where T : class;
