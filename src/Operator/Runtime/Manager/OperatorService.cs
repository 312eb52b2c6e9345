using AcrOperator.Observability;
using AcrOperator.Runtime.LeaderElection;
using Microsoft.Extensions.Options;

namespace AcrOperator.Runtime.Manager;

/// <summary>
/// The hosted service that runs the manager: under a Lease when leader election is on, directly
/// otherwise. Losing the lease ends the process (exit code 1), as in controller-runtime, so that a fresh
/// process campaigns again instead of carrying caches from a term it no longer holds.
/// </summary>
public sealed partial class OperatorService(
    ControllerManager manager,
    LeaderElector elector,
    OperatorMetrics metrics,
    IOptions<OperatorOptions> options,
    IOptions<LeaderElectionOptions> leaderElection,
    IHostApplicationLifetime lifetime,
    ILogger<OperatorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.LeaderElect)
        {
            LogNoLeaderElection(logger);
            await manager.RunAsync(stoppingToken).ConfigureAwait(false);
            return;
        }

        var lease = leaderElection.Value.LeaseName;
        metrics.LeaderStatus(lease, isLeader: false);
        elector.LeadershipChanged += (_, leading) =>
        {
            metrics.LeaderStatus(lease, leading);
            if (!leading && !stoppingToken.IsCancellationRequested)
            {
                // Lost, not released: another replica may lead already, so stop writing now rather than drain.
                manager.Abort();
            }
        };
        await elector.RunAsync(manager.RunAsync, stoppingToken).ConfigureAwait(false);

        if (!stoppingToken.IsCancellationRequested)
        {
            LogLeadershipLost(logger, lease);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election is off: this replica runs controllers unconditionally; run exactly one replica")]
    private static partial void LogNoLeaderElection(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lost the lease {Lease}; exiting so a fresh process can campaign again")]
    private static partial void LogLeadershipLost(ILogger logger, string lease);
}
