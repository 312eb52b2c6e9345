using System.ComponentModel.DataAnnotations;

namespace AcrOperator.Controllers;

/// <summary>
/// How a controller of an Azure-backed kind paces its re-reads; each kind binds its own section (<c>Operator:Registry</c>,
/// <c>Operator:Replication</c>, <c>Operator:Webhook</c>). Not sealed: the Registry's options add what only it needs.
/// </summary>
public class ReconcilerOptions
{
    /// <summary>How often a converged resource is re-read from Azure to find drift; the resync only reads.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The fraction added at random to each resync, so resources created together do not hit ARM together.</summary>
    [Range(0.0, 1.0)]
    public double ResyncJitter { get; set; } = 0.1;
}
