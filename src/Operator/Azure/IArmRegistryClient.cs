namespace AcrOperator.Azure;

/// <summary>
/// Registry operations in the operator's own models. Writes return at once: either Succeeded, or InProgress with
/// an <see cref="ArmOperation"/> to keep and hand to <see cref="PollAsync"/> on a later pass. Failures throw
/// <see cref="ArmRequestException"/> with an <see cref="ArmErrorKind"/>.
/// </summary>
public interface IArmRegistryClient
{
    /// <summary>The registry, or null when it (or its resource group) does not exist.</summary>
    Task<ArmRegistry?> GetAsync(ArmRegistryId id, CancellationToken cancellationToken);

    Task<ArmPollResult<ArmRegistry>> BeginCreateAsync(ArmRegistryId id, ArmRegistryDefinition definition, CancellationToken cancellationToken);

    /// <summary>One PATCH carrying only the members of <paramref name="update"/> that are set.</summary>
    Task<ArmPollResult<ArmRegistry>> BeginUpdateAsync(ArmRegistryId id, ArmRegistryUpdate update, CancellationToken cancellationToken);

    /// <summary>Deletes the registry; a registry already gone counts as deleted.</summary>
    Task<ArmPollResult<ArmRegistry>> BeginDeleteAsync(ArmRegistryId id, CancellationToken cancellationToken);

    /// <summary>One poll of a pending operation, from this or any earlier client instance.</summary>
    Task<ArmPollResult<ArmRegistry>> PollAsync(ArmOperation operation, CancellationToken cancellationToken);

    Task<ArmRegistryCredentials> ListCredentialsAsync(ArmRegistryId id, CancellationToken cancellationToken);

    /// <summary>Regenerates <c>password</c> or <c>password2</c> and returns the new credentials.</summary>
    Task<ArmRegistryCredentials> RegenerateCredentialAsync(ArmRegistryId id, string passwordName, CancellationToken cancellationToken);

    Task<ArmNameAvailability> CheckNameAvailabilityAsync(string subscriptionId, string name, CancellationToken cancellationToken);

    /// <summary>Registries' geo-replications, acting as the same identity.</summary>
    IArmRegistryChildClient<ArmReplication, ArmReplicationDefinition, ArmReplicationUpdate> Replications { get; }

    /// <summary>Registries' webhooks, acting as the same identity.</summary>
    IArmWebhookClient Webhooks { get; }

    /// <summary>Registries' ACR tasks and their runs, acting as the same identity.</summary>
    IArmTaskClient Tasks { get; }
}
