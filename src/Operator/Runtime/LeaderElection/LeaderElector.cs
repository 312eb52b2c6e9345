using k8s.Models;
using Microsoft.Extensions.Options;

namespace AcrOperator.Runtime.LeaderElection;

/// <summary>
/// Elects one leader among replicas through a <c>coordination.k8s.io/v1</c> Lease, with client-go's
/// semantics, on <see cref="TimeProvider"/> so that it can be tested without sleeping.
/// </summary>
/// <remarks>
/// <para>
/// A lease is free when it is absent, released (no holder), held by this identity, or has not changed for
/// its lease duration as measured by this process's clock from when it last saw it change. The timestamps
/// inside the lease are never compared with the local clock, so clock skew between nodes cannot make a
/// live leader look expired.
/// </para>
/// <para>
/// <see cref="RunAsync"/> returns when leadership ends. If its token was not cancelled, leadership was lost
/// (or the callback returned on its own): the host should then exit, as controller-runtime does, so that the
/// process restarts with fresh state and campaigns again rather than carrying caches from a term it no
/// longer holds.
/// </para>
/// </remarks>
public sealed class LeaderElector
{
    /// <summary>client-go's acquire jitter: retries land between 1 and 2.2 retry periods apart.</summary>
    internal const double JitterFactor = 1.2;

    private readonly ILeaseClient _leases;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<LeaderElector> _logger;
    private readonly int _leaseDurationSeconds;

    // The last lease read or written: its resourceVersion makes our next write conditional on nobody else
    // having written since.
    private V1Lease? _lease;
    private LeaderElectionRecord? _observedRecord;
    private DateTimeOffset _observedTime;
    private volatile bool _isLeader;
    private int _started;

    public LeaderElector(
        ILeaseClient leases,
        IOptions<LeaderElectionOptions> options,
        TimeProvider time,
        ILogger<LeaderElector> logger)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);

        // Checked here as well as at host start: inconsistent durations allow two leaders at once.
        var validation = new LeaderElectionOptionsValidator().Validate(Options.DefaultName, options.Value);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(LeaderElectionOptions), validation.Failures);
        }

        _leases = leases;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _leaseDurationSeconds = (int)_options.LeaseDuration.TotalSeconds;
    }

    /// <summary>Whether this process holds the lease and has not told its leading callback to stop.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>
    /// Raised with the new <see cref="IsLeader"/> value, on the elector's own flow: handlers (metrics,
    /// readiness) must be quick and must not throw.
    /// </summary>
    public event EventHandler<bool>? LeadershipChanged;

    private bool IsHolder => _observedRecord?.HolderIdentity == _options.Identity;

    /// <summary>
    /// Campaigns until the lease is acquired, then runs <paramref name="onStartedLeading"/> while renewing the
    /// lease every retry period. The callback's token is cancelled when leadership is lost or
    /// <paramref name="cancellationToken"/> is cancelled; the callback must then stop what the lease guards
    /// and return. The lease is renewed while the callback drains after cancellation, and released (if
    /// <see cref="LeaderElectionOptions.ReleaseOnCancel"/>) only once it has returned.
    /// </summary>
    /// <remarks>
    /// Rethrows what the callback throws, other than cancellation. Call once per process; see
    /// the type's remarks for what the host should do when this returns.
    /// </remarks>
    public async Task RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onStartedLeading);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A LeaderElector campaigns once per process.");
        }

        if (!await AcquireAsync(cancellationToken))
        {
            return;
        }

        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        SetLeader(true);

        // Off the renew loop's flow, so that a callback doing synchronous work cannot delay renewals.
        var callback = Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None);
        await RenewWhileLeadingAsync(callback);

        // Not leading from here on, whatever the callback still does while it stops: readiness and metrics
        // must not wait for it.
        SetLeader(false);
        await leading.CancelAsync();
        try
        {
            // Nothing the lease guards may still run when the lease is handed to someone else.
            await callback;
        }
        catch (OperationCanceledException)
        {
            // The callback stopped because we told it to.
        }
        finally
        {
            if (_options.ReleaseOnCancel)
            {
                await ReleaseAsync();
            }
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        _logger.Campaigning(_options.LeaseNamespace, _options.LeaseName, _options.Identity);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (await TryAcquireOrRenewAsync(cancellationToken))
                {
                    _logger.LeaseAcquired(_options.LeaseNamespace, _options.LeaseName, _options.Identity);
                    return true;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.AcquireFailed(e, _options.LeaseNamespace, _options.LeaseName);
            }

            // Jitter keeps replicas that started together from polling the API server in lockstep.
            var delay = _options.RetryPeriod * (1 + (Random.Shared.NextDouble() * JitterFactor));
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return false;
    }

    /// <summary>
    /// Renews every retry period until the callback ends or the lease cannot be kept. Gives up once the
    /// renew deadline has passed since the last successful renewal: others count the lease duration from
    /// when they saw that renewal, which is no earlier, so we stop leading before they may start.
    /// </summary>
    private async Task RenewWhileLeadingAsync(Task callback)
    {
        var renewedAt = _observedTime;
        while (true)
        {
            var deadline = renewedAt + _options.RenewDeadline;
            var wait = Clamp(deadline - _time.GetUtcNow(), _options.RetryPeriod);
            await Task.WhenAny(callback, Task.Delay(wait, _time));
            if (callback.IsCompleted)
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (now >= deadline)
            {
                _logger.LostRenewDeadline(_options.LeaseNamespace, _options.LeaseName, _options.RenewDeadline);
                return;
            }

            // A hung request must not keep us leading past the deadline.
            using var timeout = new CancellationTokenSource(deadline - now, _time);
            try
            {
                if (await TryAcquireOrRenewAsync(timeout.Token))
                {
                    renewedAt = now;
                    continue;
                }

                if (!IsHolder)
                {
                    _logger.LostToOtherHolder(_options.LeaseNamespace, _options.LeaseName, _observedRecord?.HolderIdentity);
                    return;
                }
            }
            catch (Exception e)
            {
                _logger.RenewFailed(e, _options.LeaseNamespace, _options.LeaseName);
            }
        }
    }

    /// <summary>client-go's tryAcquireOrRenew: one attempt to take or keep the lease.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();

        // Fast path: the holder writes over its own last write. A conflict means someone else wrote since,
        // so fall through and decide on a fresh read.
        if (IsHolder && _lease is not null)
        {
            var renewed = _observedRecord! with { LeaseDurationSeconds = _leaseDurationSeconds, RenewTime = now.UtcDateTime };
            try
            {
                Observe(await _leases.ReplaceAsync(WithRecord(_lease, renewed), cancellationToken), now);
                return true;
            }
            catch (LeaseConflictException)
            {
                _logger.LeaseConflict(_options.LeaseNamespace, _options.LeaseName);
            }
        }

        var current = await _leases.GetAsync(_options.LeaseNamespace, _options.LeaseName, cancellationToken);
        if (current is null)
        {
            var created = new LeaderElectionRecord(_options.Identity, _leaseDurationSeconds, now.UtcDateTime, now.UtcDateTime, 0);
            try
            {
                Observe(await _leases.CreateAsync(NewLease(created), cancellationToken), now);
                return true;
            }
            catch (LeaseConflictException)
            {
                // Another replica created it first; the next attempt reads it.
                _logger.LeaseConflict(_options.LeaseNamespace, _options.LeaseName);
                return false;
            }
        }

        var record = LeaderElectionRecord.From(current.Spec);
        _lease = current;
        if (record != _observedRecord)
        {
            if (record.IsHeld && record.HolderIdentity != _observedRecord?.HolderIdentity && record.HolderIdentity != _options.Identity)
            {
                _logger.LeaderObserved(_options.LeaseNamespace, _options.LeaseName, record.HolderIdentity!);
            }

            _observedRecord = record;
            _observedTime = now;
        }

        var leaseDuration = TimeSpan.FromSeconds(record.LeaseDurationSeconds ?? _leaseDurationSeconds);
        if (record.IsHeld && !IsHolder && now < _observedTime + leaseDuration)
        {
            return false;
        }

        var desired = IsHolder
            ? record with { LeaseDurationSeconds = _leaseDurationSeconds, RenewTime = now.UtcDateTime }
            : new LeaderElectionRecord(
                _options.Identity, _leaseDurationSeconds, now.UtcDateTime, now.UtcDateTime, (record.LeaseTransitions ?? 0) + 1);
        try
        {
            Observe(await _leases.ReplaceAsync(WithRecord(current, desired), cancellationToken), now);
            return true;
        }
        catch (LeaseConflictException)
        {
            _logger.LeaseConflict(_options.LeaseNamespace, _options.LeaseName);
            return false;
        }
    }

    /// <summary>
    /// Clears the holder and shortens the lease to one second so that a waiting replica takes over on its
    /// next attempt. Conditional on our last write, so it never clobbers a lease someone else took.
    /// </summary>
    private async Task ReleaseAsync()
    {
        if (!IsHolder || _lease is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var released = _observedRecord! with
        {
            HolderIdentity = string.Empty,
            LeaseDurationSeconds = 1,
            AcquireTime = now.UtcDateTime,
            RenewTime = now.UtcDateTime,
        };

        // Shutdown must not hang on an unreachable API server; the lease then just expires.
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            Observe(await _leases.ReplaceAsync(WithRecord(_lease, released), timeout.Token), now);
            _logger.LeaseReleased(_options.LeaseNamespace, _options.LeaseName);
        }
        catch (Exception e)
        {
            _logger.ReleaseFailed(e, _options.LeaseNamespace, _options.LeaseName);
        }
    }

    private void Observe(V1Lease written, DateTimeOffset now)
    {
        // Record what the server stored, not what we sent: it may round timestamps, and comparing our
        // version with its would look like a change on every read.
        _lease = written;
        _observedRecord = LeaderElectionRecord.From(written.Spec);
        _observedTime = now;
    }

    private void SetLeader(bool isLeader)
    {
        _isLeader = isLeader;
        LeadershipChanged?.Invoke(this, isLeader);
    }

    private V1Lease NewLease(LeaderElectionRecord record) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.LeaseNamespace },
        Spec = record.ToSpec(null),
    };

    private static V1Lease WithRecord(V1Lease lease, LeaderElectionRecord record) => new()
    {
        ApiVersion = lease.ApiVersion,
        Kind = lease.Kind,
        Metadata = lease.Metadata,
        Spec = record.ToSpec(lease.Spec),
    };

    private static TimeSpan Clamp(TimeSpan value, TimeSpan max) =>
        value < TimeSpan.Zero ? TimeSpan.Zero : value > max ? max : value;
}
