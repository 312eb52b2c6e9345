using AcrOperator.Api.V1Alpha1;
using AcrOperator.Azure;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// Decides when a Registry's credential is replaced, and replaces it safely: a new credential is stored
/// (<see cref="CredentialStore"/>) before any pull Secret gets it, and a password slot is regenerated only once every pull
/// Secret holds the other one, so at every moment every Secret holds a password the registry accepts.
/// </summary>
public sealed class CredentialRotation
{
    public const string FirstIssue = "FirstIssue";
    public const string ModeChanged = "CredentialModeChanged";
    public const string LoginServerChanged = "LoginServerChanged";
    public const string Expired = "Expired";
    public const string ChangedOutside = "ChangedOutsideTheOperator";
    public const string RotationRequested = "RotationRequested";
    public const string RotationDue = "RotationDue";

    /// <summary>How soon to look again when a rotation waits for the fan-out of the current credential to finish.</summary>
    private static readonly TimeSpan FanOutWait = TimeSpan.FromSeconds(1);

    private readonly CredentialStore _store;
    private readonly Dictionary<PullSecretCredential, IPullCredentialSource> _sources;
    private readonly IArmRegistryClientFactory _arm;
    private readonly PullSecretOptions _options;

    public CredentialRotation(CredentialStore store, IEnumerable<IPullCredentialSource> sources, IArmRegistryClientFactory arm, PullSecretOptions options)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources.ToDictionary(s => s.Mode);
        _arm = arm ?? throw new ArgumentNullException(nameof(arm));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public CredentialStore Store => _store;

    /// <summary>
    /// The credential to fan out now. <paramref name="everySecretHolds"/> says whether all of the Registry's pull Secrets
    /// hold a given credential: a timed or requested rotation waits for that, since it regenerates the slot they do not hold.
    /// </summary>
    internal async Task<CredentialOutcome> EnsureAsync(CredentialRequest request, RegistryPullState state, Func<PullCredential, bool> everySecretHolds, CancellationToken cancellationToken)
    {
        var stored = _store.Read(request.Registry);
        var current = stored?.Credential;
        var source = _sources[request.Mode];
        var now = request.Now;
        var reason = current switch
        {
            null => FirstIssue,
            _ when current.Mode != request.Mode => ModeChanged,
            _ when !string.Equals(current.LoginServer, request.LoginServer, StringComparison.OrdinalIgnoreCase) => LoginServerChanged,
            { ExpiresAt: { } expires } when expires <= now => Expired,
            _ => null,
        };
        if (reason is null && (state.VerifiedAt is not { } verified || now - verified >= _options.ResyncInterval))
        {
            var stillCurrent = await source.IsCurrentAsync(request, current!, cancellationToken);
            state.VerifiedAt = now;
            reason = stillCurrent ? null : ChangedOutside;
        }

        var asked = request.Registry.Metadata.Annotations?.TryGetValue(AnnotationNames.RotateRequestedAt, out var value) == true ? value : null;
        if (reason is null && asked is not null && asked != current!.RotationRequest)
        {
            reason = RotationRequested;
        }

        if (reason is null && current!.RenewAt(_options.RotateAfter) <= now)
        {
            reason = RotationDue;
        }

        if (reason is null)
        {
            return new CredentialOutcome(current, stored, null, Earliest(current!.RenewAt(_options.RotateAfter), state.VerifiedAt + _options.ResyncInterval));
        }

        if (reason is RotationRequested or RotationDue && !everySecretHolds(current!))
        {
            return new CredentialOutcome(current, stored, null, now + FanOutWait, "Rotation waits until every Secret holds the current credential.");
        }

        var sameMode = current?.Mode == request.Mode ? current : null;
        var issue = await source.IssueAsync(request with { Reason = reason }, sameMode, cancellationToken);
        if (issue.Credential is null)
        {
            // Keep serving what there is: a namespace created meanwhile still gets a working Secret.
            return new CredentialOutcome(sameMode, stored, null, now + issue.RetryAfter, issue.Waiting);
        }

        var retired = current?.Mode == PullSecretCredential.Token && request.Mode != PullSecretCredential.Token ? current.Username : current?.RetiredToken;
        var issued = issue.Credential with
        {
            RotationRequest = asked ?? current?.RotationRequest,
            RetiredToken = string.Equals(retired, issue.Credential.Username, StringComparison.OrdinalIgnoreCase) ? null : retired,
        };

        // Write-ahead: stored before any Secret has it, so a restart resumes this fan-out instead of issuing again.
        await _store.WriteAsync(request.Registry, issued, stored, cancellationToken);
        state.VerifiedAt = now;
        return new CredentialOutcome(issued, _store.Read(request.Registry), reason, Earliest(issued.RenewAt(_options.RotateAfter), now + _options.ResyncInterval));
    }

    /// <summary>Deletes a token no pull Secret uses any more and clears it from the record.</summary>
    internal async Task RetireTokenAsync(Registry registry, ArmRegistryId id, RegistryIdentity identity, PullCredential credential, CancellationToken cancellationToken)
    {
        var tokens = _arm.TokensFor((await identity.ResolveAsync(cancellationToken)).Identity);
        await tokens.BeginDeleteTokenAsync(id, credential.RetiredToken!, cancellationToken);
        await _store.WriteAsync(registry, credential with { RetiredToken = null }, _store.Read(registry), cancellationToken);
    }

    /// <summary>
    /// On cleanup: deletes the Registry's token (when it had one, or its record is lost) and the credential record.
    /// <paramref name="id"/> is null when Azure must not be written (no registry known, or reconcile-policy skip).
    /// </summary>
    internal async Task ReleaseAsync(Registry registry, ArmRegistryId? id, RegistryIdentity identity, CancellationToken cancellationToken)
    {
        var stored = _store.Read(registry);
        var credential = stored?.Credential;
        if (id is not null)
        {
            var client = _arm.TokensFor((await identity.ResolveAsync(cancellationToken)).Identity);
            var tokens = new[] { credential is null or { Mode: PullSecretCredential.Token } ? PullSecretResources.TokenName(registry.Metadata.Uid) : null, credential?.RetiredToken };
            foreach (var token in tokens.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
            {
                // Read first, so a cleanup retried after a later step failed does not delete twice. A deletion Azure
                // accepted finishes on its own; a registry already gone (404) has no token left either.
                if (await client.GetTokenAsync(id, token, cancellationToken) is not null)
                {
                    await client.BeginDeleteTokenAsync(id, token, cancellationToken);
                }
            }
        }

        if (stored is not null)
        {
            await _store.DeleteAsync(registry, cancellationToken);
        }
    }

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
