using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>The admin user's two passwords, kept in the registry's secrets and only shown by the credential actions.</summary>
internal static class RegistryCredentials
{
    public static readonly string[] PasswordNames = ["password", "password2"];

    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>ACR admin passwords are 52 characters of base64 alphabet.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetString(Alphabet, 52);

    public static void Initialize(StoredResource registry)
    {
        foreach (var name in PasswordNames)
        {
            registry.Secrets[name] ??= NewPassword();
        }
    }

    /// <summary>The registry's current admin username and passwords, for the data plane and tests.</summary>
    public static (string Username, string[] Passwords) Current(StoredResource registry) =>
        (registry.Name, [.. PasswordNames.Select(n => registry.Secrets[n]!.GetValue<string>())]);

    public static ArmResult List(ArmRequestContext ctx, StoredResource registry)
    {
        RequireAdminUser(registry);
        return ArmResult.Ok(Body(registry));
    }

    public static ArmResult Regenerate(ArmRequestContext ctx, StoredResource registry)
    {
        var body = ctx.RequireObjectBody();
        if (body["name"] is not JsonValue value || value.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            throw ArmErrors.InvalidContent("Required property 'name' not found in JSON. Path ''", "name");
        }

        var name = PasswordNames.FirstOrDefault(n => string.Equals(n, value.GetValue<string>(), StringComparison.OrdinalIgnoreCase))
            ?? throw ArmErrors.InvalidContent($"Error converting value \"{value.GetValue<string>()}\" to type 'PasswordName'. Allowed values are 'password', 'password2'. Path 'name'", "name");
        RequireAdminUser(registry);
        registry.Secrets[name] = NewPassword();
        return ArmResult.Ok(Body(registry));
    }

    private static void RequireAdminUser(StoredResource registry)
    {
        if (registry.Body["properties"]?["adminUserEnabled"]?.GetValue<bool>() != true)
        {
            throw new ArmException(
                HttpStatusCode.BadRequest,
                "UnAuthorizedForCredentialOperations",
                $"Cannot perform credential operations for {registry.Id} as admin user is disabled. Kindly enable admin user as per docs: https://docs.microsoft.com/en-us/azure/container-registry/container-registry-authentication#admin-account");
        }
    }

    private static JsonObject Body(StoredResource registry) => new()
    {
        ["username"] = registry.Name,
        ["passwords"] = new JsonArray([.. PasswordNames.Select(n => (JsonNode)new JsonObject { ["name"] = n, ["value"] = registry.Secrets[n]!.GetValue<string>() })]),
    };
}
