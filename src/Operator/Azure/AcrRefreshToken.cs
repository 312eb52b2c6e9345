namespace AcrOperator.Azure;

/// <summary>
/// An ACR refresh token from <c>/oauth2/exchange</c>: the password of a docker login as
/// <see cref="Username"/>. Its lifetime is read from the JWT's own <c>iat</c>/<c>exp</c>, never assumed.
/// <see cref="ToString"/> never shows the value.
/// </summary>
public sealed class AcrRefreshToken(string value, DateTimeOffset issuedAt, DateTimeOffset expiresAt)
{
    /// <summary>The user name that goes with an ACR refresh token (what <c>az acr login</c> and the kubelet use).</summary>
    public const string Username = "00000000-0000-0000-0000-000000000000";

    public string Value { get; } = value;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public override string ToString() => $"ACR refresh token (expires {ExpiresAt:O})";
}
