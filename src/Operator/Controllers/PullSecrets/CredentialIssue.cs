namespace AcrOperator.Controllers.PullSecrets;

/// <summary>A newly issued credential, or none yet because Azure is still preparing (a token being provisioned) with when to look again.</summary>
public sealed record CredentialIssue(PullCredential? Credential, TimeSpan RetryAfter = default, string? Waiting = null)
{
    public static CredentialIssue Pending(TimeSpan retryAfter, string waiting) => new(null, retryAfter, waiting);
}
