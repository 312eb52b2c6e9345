namespace AcrOperator.Azure;

/// <summary>
/// One kind of a registry's child resources (replications, webhooks) in the operator's own models, the way
/// <see cref="IArmRegistryClient"/> does registries: writes return at once, Succeeded or InProgress with an
/// <see cref="ArmOperation"/> to keep and poll later; failures throw <see cref="ArmRequestException"/>.
/// </summary>
public interface IArmRegistryChildClient<T, TDefinition, TUpdate>
    where T : class
{
    /// <summary>The resource, or null when it (or its registry) does not exist.</summary>
    Task<T?> GetAsync(ArmRegistryChildId id, CancellationToken cancellationToken);

    Task<ArmPollResult<T>> BeginCreateAsync(ArmRegistryChildId id, TDefinition definition, CancellationToken cancellationToken);

    /// <summary>One PATCH carrying only the members of <paramref name="update"/> that are set.</summary>
    Task<ArmPollResult<T>> BeginUpdateAsync(ArmRegistryChildId id, TUpdate update, CancellationToken cancellationToken);

    /// <summary>Deletes the resource; one already gone counts as deleted.</summary>
    Task<ArmPollResult<T>> BeginDeleteAsync(ArmRegistryChildId id, CancellationToken cancellationToken);

    /// <summary>One poll of a pending operation, from this or any earlier client instance.</summary>
    Task<ArmPollResult<T>> PollAsync(ArmOperation operation, CancellationToken cancellationToken);
}
