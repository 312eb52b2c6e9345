using System.ComponentModel.DataAnnotations;

namespace AcrOperator.Runtime.Manager;

/// <summary>
/// The operator's settings, section <c>Operator</c>, from appsettings.json, environment variables
/// (<c>Operator__HttpPort=9090</c>) and the command line (<c>--Operator:HttpPort=9090</c>), validated at start-up.
/// </summary>
public sealed class OperatorOptions
{
    public const string Section = "Operator";

    /// <summary>The namespace the operator runs in: it holds the leader-election Lease.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", ErrorMessage = "Operator:Namespace must be a DNS-1123 label, e.g. acr-operator-system.")]
    [StringLength(63)]
    public string Namespace { get; set; } = "acr-operator-system";

    /// <summary>Port of /healthz, /readyz and /metrics; 0 picks a free port (tests, the sandbox).</summary>
    [Range(0, 65535, ErrorMessage = "Operator:HttpPort must be between 0 and 65535.")]
    public int HttpPort { get; set; } = 8080;

    /// <summary>Only one replica runs controllers; turn off only when a single replica is guaranteed.</summary>
    public bool LeaderElect { get; set; } = true;

    /// <summary>Optional kubeconfig path outside a cluster; default: $KUBECONFIG, then ~/.kube/config.</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Optional kubeconfig context; default: the file's current context.</summary>
    public string? KubeContext { get; set; }
}
