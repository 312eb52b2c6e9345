using System.Text.Json.Serialization;

namespace AcrOperator.Api.V1Alpha1;

/// <summary>Which registry credential the pull secrets carry.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PullSecretCredential>))]
public enum PullSecretCredential
{
    /// <summary>A repository-scoped ACR token limited to pull, with two passwords rotated alternately.</summary>
    Token,

    /// <summary>The registry's admin user; needs <c>adminUserEnabled: true</c>.</summary>
    AdminUser,

    /// <summary>The operator's Entra ID token exchanged for an ACR refresh token, renewed before it expires.</summary>
    EntraToken,
}
