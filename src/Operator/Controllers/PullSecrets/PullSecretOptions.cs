using System.ComponentModel.DataAnnotations;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>How the pull-secret controller selects, rotates and paces itself (section <c>Operator:PullSecrets</c>).</summary>
public sealed class PullSecretOptions
{
    public const string Section = "Operator:PullSecrets";

    /// <summary>
    /// Namespaces whose Registries may fan their pull secret out to other namespaces (<c>spec.pullSecret.namespaces</c>).
    /// Empty means the operator's own namespace: whoever may create a Registry there may write Secrets anywhere.
    /// </summary>
    public IList<string> TrustedNamespaces { get; } = [];

    /// <summary>How long a token password is valid (its ARM expiry).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "365.00:00:00")]
    public TimeSpan TokenPasswordLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// The fraction of a credential's lifetime after which it is replaced (token passwords, Entra-exchanged refresh
    /// tokens): the old one stays valid for the rest of its life, far longer than the fan-out takes.
    /// </summary>
    [Range(0.1, 0.9)]
    public double RotateAfter { get; set; } = 0.5;

    /// <summary>How often the credential is checked against Azure (token and admin passwords changed outside) and conflicts are retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResyncInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Secret and ServiceAccount writes in flight at once for one Registry: neither one at a time nor unbounded.</summary>
    [Range(1, 256)]
    public int MaxConcurrentWrites { get; set; } = 16;

    /// <summary>
    /// The least time between two status writes that only move counts (namespaces served), so a burst of new
    /// namespaces costs a few status writes, not one per namespace. Condition changes are written at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StatusWriteInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait before looking again for a named ServiceAccount that does not exist yet.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ServiceAccountRecheckMax { get; set; } = TimeSpan.FromMinutes(1);
}
