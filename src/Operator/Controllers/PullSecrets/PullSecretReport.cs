using AcrOperator.Api.V1Alpha1;
using AcrOperator.Runtime.Status;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>What one pass found, turned into <c>status.pullSecret</c> and the <see cref="PullSecretConditions.PullSecretsReady"/> condition.</summary>
internal sealed class PullSecretReport
{
    private const int MaxListedConflicts = 50;
    private readonly List<(string Reason, string Message)> _problems = [];

    public string? SecretName { get; set; }

    public PullSecretCredential Mode { get; set; }

    public PullCredential? Credential { get; set; }

    public int Served { get; set; }

    public IReadOnlyCollection<string> Conflicts { get; set; } = [];

    public IReadOnlyList<(string Reason, string Message)> Problems => _problems;

    public void Problem(string reason, string message) => _problems.Add((reason, message));

    public void ApplyTo(RegistryStatus status, long? generation, DateTimeOffset now)
    {
        status.PullSecret = new PullSecretStatus
        {
            SecretName = SecretName,
            NamespacesServed = Served,
            Conflicts = Conflicts.Count == 0 ? null : [.. Conflicts.Order(StringComparer.Ordinal).Take(MaxListedConflicts)],
            ConflictCount = Conflicts.Count,
            Credential = Mode,
            CredentialExpiresAt = Seconds(Credential?.ExpiresAt),
            LastRotationTime = Seconds(Credential?.IssuedAt),
        };
        if (_problems.Count == 0)
        {
            Conditions.Set(status.Conditions, PullSecretConditions.PullSecretsReady, Conditions.True, PullSecretConditions.Served,
                $"Every selected namespace holds the Secret {SecretName} with a current {Mode} credential.", generation, now);
        }
        else
        {
            Conditions.Set(status.Conditions, PullSecretConditions.PullSecretsReady, Conditions.False, _problems[0].Reason,
                string.Join(" ", _problems.Select(p => p.Message)), generation, now);
        }
    }

    /// <summary>Whole seconds, as the API server stores times: a status read back then compares equal, and is not written again.</summary>
    private static DateTime? Seconds(DateTimeOffset? at) => at is { } t ? DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds()).UtcDateTime : null;

    /// <summary>Takes the pull-secret parts out of a status whose Registry no longer asks for pull secrets.</summary>
    public static void Clear(RegistryStatus status)
    {
        status.PullSecret = null;
        Conditions.Remove(status.Conditions, PullSecretConditions.PullSecretsReady);
    }
}
