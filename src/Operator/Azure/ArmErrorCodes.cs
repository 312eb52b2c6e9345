namespace AcrOperator.Azure;

/// <summary>ARM error codes the controllers turn into specific conditions.</summary>
public static class ArmErrorCodes
{
    public const string ResourceNotFound = "ResourceNotFound";
    public const string ResourceGroupNotFound = "ResourceGroupNotFound";
    public const string SubscriptionNotFound = "SubscriptionNotFound";

    /// <summary>A registry's child (replication, webhook) was written under a registry that does not exist.</summary>
    public const string ParentResourceNotFound = "ParentResourceNotFound";
    public const string AuthorizationFailed = "AuthorizationFailed";
    public const string AuthenticationFailed = "AuthenticationFailed";
    public const string InvalidAuthenticationToken = "InvalidAuthenticationToken";
    public const string NameNotAvailable = "NameNotAvailable";
    public const string AlreadyInUse = "AlreadyInUse";
    public const string RegistryNameInUse = "RegistryNameInUse";
    public const string InvalidRequestContent = "InvalidRequestContent";
    public const string InvalidResourceName = "InvalidResourceName";
    public const string InvalidParameter = "InvalidParameter";
    public const string AnotherOperationInProgress = "AnotherOperationInProgress";
    public const string Conflict = "Conflict";
    public const string TooManyRequests = "TooManyRequests";
    public const string SubscriptionRequestsThrottled = "SubscriptionRequestsThrottled";
    public const string UnAuthorizedForCredentialOperations = "UnAuthorizedForCredentialOperations";

    /// <summary>Set by this client when no response arrived (timeout, dropped connection, TLS failure).</summary>
    public const string NoResponse = "NoResponse";

    /// <summary>Set by this client when the server's certificate is not trusted: configuration, not a blip.</summary>
    public const string TlsValidationFailed = "TlsValidationFailed";

    /// <summary>Set by this client when Entra ID refused the identity (unknown tenant or client, wrong secret, no matching federated credential).</summary>
    public const string CredentialRejected = "CredentialRejected";

    /// <summary>Set by this client when the identity cannot even ask for a token (no workload identity, nothing in the default chain).</summary>
    public const string CredentialUnavailable = "CredentialUnavailable";

    /// <summary>Set by this client when Entra ID did not answer a token request, or answered with a server error.</summary>
    public const string TokenRequestFailed = "TokenRequestFailed";
}
