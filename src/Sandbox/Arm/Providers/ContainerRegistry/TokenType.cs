using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// <c>Microsoft.ContainerRegistry/registries/tokens</c>: repository-scoped credentials bound to a scope map of the same
/// registry. The body keeps only password metadata (name, creationTime, expiry); the values live in
/// <see cref="StoredResource.Secrets"/> and leave the server only through <c>generateCredentials</c>.
/// Available in every SKU: the reference (§9, §6.1) says the feature left its Premium-only preview.
/// </summary>
internal sealed class TokenType : ArmResourceType
{
    public static readonly string[] PasswordNames = ["password1", "password2"];

    private static readonly string[] CertificateNames = ["certificate1", "certificate2"];

    [SetsRequiredMembers]
    public TokenType(RegistryType registries, ScopeMapType scopeMaps)
    {
        Namespace = "Microsoft.ContainerRegistry";
        Segments = ["registries", "tokens"];
        Parent = registries;
        ScopeMaps = scopeMaps;
        ApiVersions = ContainerRegistryApiVersions.Registry;
        NameRule = new ArmNameRule(5, 50, "^[a-zA-Z0-9-]*$");
        OperationPrefix = "tokens";
        ReadOnlyPaths = ["properties.creationDate", "properties.provisioningState"];
        Properties =
        [
            new("properties", ArmPropertyKind.Object, Required: true),
            new("properties.scopeMapId", ArmPropertyKind.String),
            ArmPropertyRule.Enum("properties.status", false, "enabled", "disabled"),
            new("properties.credentials", ArmPropertyKind.Object),
            new("properties.credentials.passwords", ArmPropertyKind.Array),
            new("properties.credentials.certificates", ArmPropertyKind.Array),
        ];
        Defaults = JsonNode.Parse("""{ "properties": { "creationDate": "", "provisioningState": "", "status": "enabled" } }""")!.AsObject();
    }

    public ScopeMapType ScopeMaps { get; }

    public static bool IsEnabled(StoredResource token) => (string?)token.Body["properties"]?["status"] == "enabled";

    /// <summary>The password entries of the body (metadata only).</summary>
    public static IEnumerable<JsonObject> Passwords(StoredResource token) =>
        (token.Body["properties"]?["credentials"]?["passwords"]?.AsArray() ?? []).OfType<JsonObject>();

    public override void ValidateWrite(ArmWriteContext write)
    {
        var properties = write.Resource["properties"]!.AsObject();
        if (properties["scopeMapId"] is not JsonValue scopeMapId)
        {
            throw ArmErrors.InvalidContent("Required property 'scopeMapId' not found in JSON. Path 'properties'", "properties.scopeMapId");
        }

        var registry = write.Address.Parent!;
        var id = scopeMapId.GetValue<string>();
        if (!write.Request.Store.Children(registry, ScopeMaps).Any(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase)))
        {
            // The exact ACR code is unverified; 404 with a resource-not-found style code names what is missing.
            throw new ArmException(HttpStatusCode.NotFound, "ScopeMapNotFound", $"The scope map '{id}' was not found in registry '{registry.Name}'.", "properties.scopeMapId");
        }

        var credentials = properties["credentials"] as JsonObject;
        ValidatePasswords(credentials?["passwords"]?.AsArray());
        ValidateCertificates(credentials?["certificates"]?.AsArray());
    }

    public override void CompleteBody(ArmWriteContext write)
    {
        var now = write.Request.Now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var properties = write.Resource["properties"]!.AsObject();
        properties["creationDate"] = write.Existing?.Body["properties"]?["creationDate"]?.DeepClone() ?? now;
        if (properties["credentials"]?["passwords"] is JsonArray passwords)
        {
            var before = write.Existing is null ? [] : Passwords(write.Existing).ToList();
            foreach (var password in passwords.OfType<JsonObject>())
            {
                // Values are read-only: a request cannot set one, only generateCredentials can.
                password.Remove("value");
                var previous = before.FirstOrDefault(p => (string?)p["name"] == (string?)password["name"]);
                password["creationTime"] = previous?["creationTime"]?.DeepClone() ?? password["creationTime"]?.DeepClone() ?? now;
            }
        }
    }

    public override void AfterWrite(ArmWriteContext write, StoredResource stored)
    {
        // Leaving a password out of the list revokes it (this is how `az acr token credential delete` works).
        var kept = Passwords(stored).Select(p => (string?)p["name"]).ToHashSet();
        foreach (var name in PasswordNames.Where(n => !kept.Contains(n)))
        {
            stored.Secrets.Remove(name);
        }
    }

    private static void ValidatePasswords(JsonArray? passwords)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, index) in (passwords ?? []).Select((p, i) => (p, i)))
        {
            var path = $"properties.credentials.passwords[{index.ToString(CultureInfo.InvariantCulture)}]";
            var name = entry is JsonObject o ? o["name"] as JsonValue : null;
            var canonical = PasswordNames.FirstOrDefault(n => string.Equals(n, (string?)name, StringComparison.OrdinalIgnoreCase))
                ?? throw ArmErrors.InvalidContent($"Error converting value {name?.ToJsonString() ?? "null"} to type 'TokenPasswordName'. Allowed values are 'password1', 'password2'. Path '{path}.name'", path + ".name");
            entry!["name"] = canonical;
            if (!seen.Add(canonical))
            {
                throw ArmErrors.InvalidContent($"The password '{canonical}' is listed twice. Path '{path}'", path);
            }

            CheckDate(entry["expiry"], path + ".expiry");
            CheckDate(entry["creationTime"], path + ".creationTime");
        }
    }

    private static void ValidateCertificates(JsonArray? certificates)
    {
        // Indexed, not enumerated: entries are replaced in place, which would invalidate an enumerator.
        for (var index = 0; index < (certificates?.Count ?? 0); index++)
        {
            var entry = certificates![index];
            var path = $"properties.credentials.certificates[{index.ToString(CultureInfo.InvariantCulture)}]";
            var name = CertificateNames.FirstOrDefault(n => string.Equals(n, (string?)(entry as JsonObject)?["name"], StringComparison.OrdinalIgnoreCase))
                ?? throw ArmErrors.InvalidContent($"Allowed values for 'name' are 'certificate1', 'certificate2'. Path '{path}.name'", path + ".name");
            if ((string?)entry!["encodedPemCertificate"] is not { } encoded)
            {
                continue;
            }

            // TokenCreate shows the thumbprint and expiry ACR derives; TokenUpdate echoes the PEM. The spec's
            // TokenCertificate marks none of the three read-only and the PEM is a public certificate, so all are kept.
            try
            {
                using var certificate = X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(encoded)));
                certificates[index] = new JsonObject
                {
                    ["name"] = name,
                    ["thumbprint"] = Convert.ToHexStringLower(certificate.GetCertHash()),
                    ["expiry"] = certificate.NotAfter.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                    ["encodedPemCertificate"] = encoded,
                };
            }
            catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
            {
                throw ArmErrors.InvalidContent($"The certificate is not base64-encoded PEM: {e.Message} Path '{path}.encodedPemCertificate'", path + ".encodedPemCertificate");
            }
        }
    }

    private static void CheckDate(JsonNode? node, string path)
    {
        if (node is not null && !(node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
            && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)))
        {
            throw ArmErrors.InvalidContent($"Could not convert {node.ToJsonString()} to DateTime. Path '{path}'", path);
        }
    }
}
