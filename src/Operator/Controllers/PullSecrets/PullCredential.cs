using System.Globalization;
using System.Text;
using AcrOperator.Api.V1Alpha1;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// The one credential of a Registry's pull secrets, and what its rotation needs to know: which password slot it is
/// (token <c>password1</c>/<c>password2</c>, admin <c>password</c>/<c>password2</c>), when it was issued and expires,
/// and the last <c>rotate-requested-at</c> value it answered. Kept in the credential Secret (see <see cref="CredentialStore"/>).
/// <see cref="ToString"/> never shows the password.
/// </summary>
public sealed record PullCredential
{
    public required PullSecretCredential Mode { get; init; }

    public required string LoginServer { get; init; }

    public required string Username { get; init; }

    public required string Password { get; init; }

    public string? Slot { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The <c>rotate-requested-at</c> annotation value this credential was issued for (or found when it was).</summary>
    public string? RotationRequest { get; init; }

    /// <summary>A token this Registry no longer uses (the mode changed), deleted once no Secret holds its password.</summary>
    public string? RetiredToken { get; init; }

    /// <summary>What a pull Secret's <see cref="AnnotationNames.Credential"/> annotation says of it.</summary>
    public string Label => Slot is null ? Mode.ToString() : $"{Mode}/{Slot}";

    /// <summary>When this credential should be replaced: after the configured fraction of its life, or never (admin passwords).</summary>
    public DateTimeOffset? RenewAt(double rotateAfter) =>
        ExpiresAt is { } expires ? IssuedAt + ((expires - IssuedAt) * rotateAfter) : null;

    public IDictionary<string, byte[]> ToSecretData()
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["mode"] = Bytes(Mode.ToString()),
            ["loginServer"] = Bytes(LoginServer),
            ["username"] = Bytes(Username),
            ["password"] = Bytes(Password),
            ["issuedAt"] = Bytes(Format(IssuedAt)),
        };
        Add(data, "slot", Slot);
        Add(data, "expiresAt", ExpiresAt is { } at ? Format(at) : null);
        Add(data, "rotationRequest", RotationRequest);
        Add(data, "retiredToken", RetiredToken);
        return data;
    }

    /// <summary>Reads the credential Secret's data; null when it is not complete (then the credential is issued anew).</summary>
    public static PullCredential? FromSecretData(IDictionary<string, byte[]>? data)
    {
        if (data is null
            || !Enum.TryParse<PullSecretCredential>(Text(data, "mode"), out var mode)
            || Text(data, "loginServer") is not { Length: > 0 } loginServer
            || Text(data, "username") is not { Length: > 0 } username
            || Text(data, "password") is not { Length: > 0 } password
            || Date(Text(data, "issuedAt")) is not { } issuedAt)
        {
            return null;
        }

        return new PullCredential
        {
            Mode = mode,
            LoginServer = loginServer,
            Username = username,
            Password = password,
            Slot = Text(data, "slot"),
            IssuedAt = issuedAt,
            ExpiresAt = Date(Text(data, "expiresAt")),
            RotationRequest = Text(data, "rotationRequest"),
            RetiredToken = Text(data, "retiredToken"),
        };
    }

    public override string ToString() => $"{Label} for {Username}@{LoginServer} issued {Format(IssuedAt)}";

    private static void Add(Dictionary<string, byte[]> data, string key, string? value)
    {
        if (value is not null)
        {
            data[key] = Bytes(value);
        }
    }

    private static byte[] Bytes(string value) => Encoding.UTF8.GetBytes(value);

    private static string? Text(IDictionary<string, byte[]> data, string key) =>
        data.TryGetValue(key, out var bytes) && bytes is not null ? Encoding.UTF8.GetString(bytes) : null;

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset? Date(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
