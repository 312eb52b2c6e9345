using System.Text;
using System.Text.Json.Nodes;

namespace AcrOperator.Controllers.PullSecrets;

/// <summary>
/// The <c>.dockerconfigjson</c> of a pull Secret. The kubelet reads <c>username</c>/<c>password</c> or <c>auth</c> (and
/// ignores <c>identitytoken</c>), so the password goes in both (peers-pullsecrets.md §6.2).
/// </summary>
public static class DockerConfigJson
{
    public static byte[] Build(PullCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.Username}:{credential.Password}"));
        var config = new JsonObject
        {
            ["auths"] = new JsonObject
            {
                [credential.LoginServer] = new JsonObject
                {
                    ["username"] = credential.Username,
                    ["password"] = credential.Password,
                    ["auth"] = auth,
                },
            },
        };
        return Encoding.UTF8.GetBytes(config.ToJsonString());
    }

    /// <summary>The username and password for <paramref name="loginServer"/> in a <c>.dockerconfigjson</c>, or null.</summary>
    public static (string Username, string Password)? Read(byte[]? data, string loginServer)
    {
        if (data is null)
        {
            return null;
        }

        try
        {
            var entry = JsonNode.Parse(data)?["auths"]?[loginServer];
            return entry?["username"]?.GetValue<string>() is { } user && entry["password"]?.GetValue<string>() is { } password ? (user, password) : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }
}
