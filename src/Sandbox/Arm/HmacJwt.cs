using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Arm;

/// <summary>
/// The JWTs the emulators hand out (the registry data plane's ACR tokens, Entra ID's access tokens). Clients only
/// decode them (for <c>exp</c>), so HS256 with a key made at start is enough for the server to recognise its own
/// tokens; ACR and Entra ID sign with RS256.
/// </summary>
internal sealed class HmacJwt
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public string Issue(JsonObject claims)
    {
        var header = Base64Url.EncodeToString("""{"alg":"HS256","typ":"JWT"}"""u8);
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var signature = Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(header + "." + payload)));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>The claims of a token this instance issued, or null when the signature does not match.</summary>
    public JsonObject? Read(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !Base64Url.IsValid(parts[2]))
        {
            return null;
        }

        var expected = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
        return CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])) ? Claims(token) : null;
    }

    /// <summary>The payload of any JWT, without checking its signature (as clients read <c>exp</c>), or null if it is not one.</summary>
    public static JsonObject? Claims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || !Base64Url.IsValid(parts[1]))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
