using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// <c>POST registries/{r}/generateCredentials</c> and the password check the data plane uses. Generating one named
/// password replaces only that one (the other keeps working, which is what makes zero-downtime rotation possible).
/// </summary>
internal static class TokenCredentials
{
    public static ArmResult Generate(ArmRequestContext ctx, StoredResource registry, TokenType tokens)
    {
        var body = ctx.RequireObjectBody();
        if ((string?)(body["tokenId"] as JsonValue) is not { } tokenId)
        {
            throw ArmErrors.InvalidContent("Required property 'tokenId' not found in JSON. Path ''", "tokenId");
        }

        var token = ctx.Store.Children(registry.Address, tokens).FirstOrDefault(t => string.Equals(t.Id, tokenId, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArmException(HttpStatusCode.NotFound, "TokenNotFound", $"The token '{tokenId}' was not found in registry '{registry.Name}'.", "tokenId");

        string[] names = TokenType.PasswordNames;
        if (body["name"] is JsonValue nameValue)
        {
            var name = TokenType.PasswordNames.FirstOrDefault(n => string.Equals(n, (string?)nameValue, StringComparison.OrdinalIgnoreCase))
                ?? throw ArmErrors.InvalidContent($"Error converting value {nameValue.ToJsonString()} to type 'TokenPasswordName'. Allowed values are 'password1', 'password2'. Path 'name'", "name");
            names = [name];
        }

        string? expiry = null;
        if (body["expiry"] is JsonValue expiryValue)
        {
            if (!DateTimeOffset.TryParse((string?)expiryValue, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                throw ArmErrors.InvalidContent($"Could not convert {expiryValue.ToJsonString()} to DateTime. Path 'expiry'", "expiry");
            }

            expiry = parsed.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        }

        var now = ctx.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var credentials = token.Body["properties"]!["credentials"] as JsonObject ?? [];
        token.Body["properties"]!["credentials"] = credentials;
        var passwords = credentials["passwords"] as JsonArray ?? [];
        credentials["passwords"] = passwords;
        var result = new JsonArray();
        foreach (var name in names)
        {
            var value = RegistryCredentials.NewPassword();
            token.Secrets[name] = value;
            var entry = new JsonObject { ["creationTime"] = now, ["name"] = name };
            if (expiry is not null)
            {
                entry["expiry"] = expiry;
            }

            var index = passwords.Select((p, i) => (p, i)).FirstOrDefault(x => (string?)x.p?["name"] == name, (null, -1)).Item2;
            if (index >= 0)
            {
                passwords[index] = entry;
            }
            else
            {
                passwords.Add(entry);
            }

            var shown = new JsonObject();
            if (expiry is not null)
            {
                shown["expiry"] = expiry;
            }

            shown["name"] = name;
            shown["value"] = value;
            result.Add(shown);
        }

        return ArmResult.Ok(new JsonObject { ["username"] = token.Name, ["passwords"] = result });
    }

    /// <summary>True when the token is enabled and <paramref name="password"/> is one of its unexpired passwords.</summary>
    public static bool Accepts(StoredResource token, string password, DateTimeOffset now)
    {
        if (!TokenType.IsEnabled(token))
        {
            return false;
        }

        foreach (var entry in TokenType.Passwords(token))
        {
            var name = (string?)entry["name"];
            if (name is null || (string?)token.Secrets[name] is not { } value)
            {
                continue;
            }

            var expired = (string?)entry["expiry"] is { } expiry
                && DateTimeOffset.TryParse(expiry, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && at <= now;
            if (!expired && FixedTimeEquals(value, password))
            {
                return true;
            }
        }

        return false;
    }

    public static bool FixedTimeEquals(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
