namespace AcrOperator.Sandbox.Arm.Entra;

/// <summary>
/// A federated identity credential: a client assertion whose <c>iss</c> and <c>sub</c> match (and whose audience is
/// <see cref="EntraDirectory.FederatedAudience"/>) signs the principal in, as Kubernetes workload identity does.
/// </summary>
public sealed record EntraFederatedCredential(string Issuer, string Subject);
