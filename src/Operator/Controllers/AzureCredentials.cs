using AcrOperator.Azure;

namespace AcrOperator.Controllers;

/// <summary>
/// The identity a resource acts as in Azure, and how to name it to a human (in conditions and events) without
/// showing any secret: "the operator's own identity" or "the identity in Secret team-a/azure (client id ...)".
/// </summary>
public sealed record AzureCredentials(AzureIdentity Identity, string Description);
