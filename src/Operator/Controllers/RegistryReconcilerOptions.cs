using System.ComponentModel.DataAnnotations;

namespace AcrOperator.Controllers;

/// <summary>How the Registry controller paces itself (section <c>Operator:Registry</c>).</summary>
public sealed class RegistryReconcilerOptions
{
    public const string Section = "Operator:Registry";

    /// <summary>How often a converged registry is re-read from Azure to find drift; the resync only reads.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The fraction added at random to each resync, so registries created together do not hit ARM together.</summary>
    [Range(0.0, 1.0)]
    public double ResyncJitter { get; set; } = 0.1;

    /// <summary>The subscription of registries whose spec names none; taken from the Azure settings.</summary>
    public string? DefaultSubscriptionId { get; set; }
}
