using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;
using AcrOperator.Sandbox.Arm.Resources;
using Microsoft.Extensions.Primitives;

namespace AcrOperator.Sandbox.Arm.DataPlane;

/// <summary>
/// The registry data plane, keyed by login server. <c>&lt;registry&gt;.azurecr.io</c> does not resolve here, so
/// <c>https://&lt;loginServer&gt;/X</c> is served at <c>https://127.0.0.1:PORT/_dataplane/&lt;loginServer&gt;/X</c> on the
/// ARM listener: <c>GET /v2/</c>, <c>POST /oauth2/exchange</c> and <c>GET|POST /oauth2/token</c> as in
/// peers-pullsecrets.md §6. It answers from the ARM store, so credentials change the moment ARM changes them.
/// </summary>
internal sealed class RegistryDataPlane(ArmRuntime runtime)
{
    public const string PathPrefix = "/_dataplane/";

    /// <summary>The username that goes with an ACR refresh token as password.</summary>
    public const string RefreshTokenUsername = "00000000-0000-0000-0000-000000000000";

    private const string Issuer = "Azure Container Registry";
    private static readonly string[] ExchangeGrants = ["access_token", "access_token_refresh_token", "refresh_token"];

    private readonly HmacJwt jwt = new();

    private DateTimeOffset Now => runtime.TimeProvider.GetUtcNow();

    /// <summary>
    /// Whether a docker login with these credentials would succeed: the admin user (when enabled) with either
    /// password, an enabled token with an unexpired password, or <see cref="RefreshTokenUsername"/> with an
    /// unexpired refresh token from <c>/oauth2/exchange</c>.
    /// </summary>
    public bool CheckCredentials(string loginServer, string username, string password)
    {
        lock (runtime.Store.Gate)
        {
            return Find(loginServer) is { } registry && Authenticate(registry, username, password) is not null;
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        var rest = (context.Request.Path.Value ?? string.Empty)[PathPrefix.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var loginServer = slash < 0 ? rest : rest[..slash];
        var route = slash < 0 ? string.Empty : rest[(slash + 1)..].TrimEnd('/');
        var method = context.Request.Method.ToUpperInvariant();
        context.Response.Headers["Docker-Distribution-API-Version"] = "registry/2.0";
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        (int Status, JsonObject Body) result;
        lock (runtime.Store.Gate)
        {
            var registry = Find(loginServer);
            result = registry is null
                ? Error(404, "NAME_UNKNOWN", $"The registry '{loginServer}' does not exist.")
                : (method, route) switch
                {
                    ("GET" or "HEAD", "v2") => V2(context.Request, registry),
                    ("POST", "oauth2/exchange") => Exchange(form, registry),
                    ("GET" or "POST", "oauth2/token") => Token(context.Request, form, registry),
                    _ => Error(404, "NOT_FOUND", $"The data plane of the emulator has no route {method} /{route}."),
                };
        }

        if (result.Status == 401)
        {
            var realm = $"{context.Request.Scheme}://{context.Request.Host}{PathPrefix}{loginServer}/oauth2/token";
            context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"{realm}\",service=\"{loginServer}\"";
        }

        await Results.Json(result.Body, statusCode: result.Status).ExecuteAsync(context);
    }

    private (int, JsonObject) V2(HttpRequest request, StoredResource registry)
    {
        var ok = AuthorizationOf(request) switch
        {
            ("Basic", var credentials) => Basic(credentials) is var (user, password) && Authenticate(registry, user, password) is not null,
            ("Bearer", var token) => Valid(registry, token, "access_token") is not null,
            _ => false,
        };
        return ok ? (200, []) : Error(401, "UNAUTHORIZED", "authentication required, visit https://aka.ms/acr/authorization for more information.");
    }

    private (int, JsonObject) Exchange(IFormCollection? form, StoredResource registry)
    {
        if (form is null)
        {
            return Error(400, "BAD_REQUEST", "The request must be application/x-www-form-urlencoded.");
        }

        var grant = (string?)form["grant_type"];
        if (grant is null || !ExchangeGrants.Contains(grant, StringComparer.Ordinal))
        {
            return Error(400, "UNSUPPORTED", $"grant_type '{grant}' is not supported; use access_token.");
        }

        if (ServiceMismatch(form["service"], registry) is { } mismatch)
        {
            return mismatch;
        }

        JsonNode? tenant = (string?)form["tenant"];
        if (grant == "refresh_token")
        {
            // Deprecated grant: renews an ACR refresh token.
            if (Valid(registry, (string?)form["refresh_token"] ?? string.Empty, "refresh_token") is not { } previous)
            {
                return Error(401, "UNAUTHORIZED", "The refresh token is invalid or expired.");
            }

            tenant = previous["tenant"]?.DeepClone();
        }
        else
        {
            var aad = (string?)form["access_token"];
            if (string.IsNullOrEmpty(aad))
            {
                return Error(400, "BAD_REQUEST", "access_token is required.");
            }

            // Any Entra token is accepted (as ARM accepts any bearer), but one that says it has expired is not.
            if (HmacJwt.Claims(aad)?["exp"] is JsonValue exp && exp.TryGetValue<long>(out var seconds) && DateTimeOffset.FromUnixTimeSeconds(seconds) <= Now)
            {
                return Error(401, "UNAUTHORIZED", "The Microsoft Entra access token has expired.");
            }
        }

        var claims = Claims(registry, RefreshTokenUsername, "refresh_token", runtime.Options.RefreshTokenLifetime);
        claims["tenant"] = tenant;
        claims["permissions"] = new JsonObject { ["actions"] = new JsonArray("read", "write", "delete", "metadata/read", "metadata/write") };
        return (200, new JsonObject { ["refresh_token"] = jwt.Issue(claims) });
    }

    private (int, JsonObject) Token(HttpRequest request, IFormCollection? form, StoredResource registry)
    {
        if (ServiceMismatch(form?["service"] ?? request.Query["service"], registry) is { } mismatch)
        {
            return mismatch;
        }

        Principal? principal = null;
        if (AuthorizationOf(request) is ("Basic", var header) && Basic(header) is var (user, password))
        {
            principal = Authenticate(registry, user, password);
        }
        else if (form is not null && (string?)form["grant_type"] == "refresh_token")
        {
            principal = Valid(registry, (string?)form["refresh_token"] ?? string.Empty, "refresh_token") is { } refresh
                ? new Principal((string?)refresh["sub"] ?? RefreshTokenUsername, null)
                : null;
        }
        else if (form is not null && (string?)form["grant_type"] == "password")
        {
            principal = Authenticate(registry, (string?)form["username"] ?? string.Empty, (string?)form["password"] ?? string.Empty);
        }

        if (principal is null)
        {
            return Error(401, "UNAUTHORIZED", "authentication required, visit https://aka.ms/acr/authorization for more information.");
        }

        var scopes = (form?["scope"] ?? StringValues.Empty).Concat(request.Query["scope"]).SelectMany(s => (s ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var access = new JsonArray();
        foreach (var scope in scopes)
        {
            var first = scope.IndexOf(':', StringComparison.Ordinal);
            var last = scope.LastIndexOf(':');
            if (first <= 0 || last <= first)
            {
                return Error(400, "BAD_REQUEST", $"The scope '{scope}' is not of the form type:name:actions.");
            }

            var (type, name) = (scope[..first], scope[(first + 1)..last]);
            var granted = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).Where(a => principal.Allows(type, name, a)).ToArray();
            access.Add(new JsonObject { ["type"] = type, ["name"] = name, ["actions"] = new JsonArray([.. granted.Select(a => (JsonNode)a)]) });
        }

        var claims = Claims(registry, principal.Subject, "access_token", runtime.Options.AccessTokenLifetime);
        claims["access"] = access;
        return (200, new JsonObject { ["access_token"] = jwt.Issue(claims) });
    }

    private Principal? Authenticate(StoredResource registry, string username, string password)
    {
        if (username == RefreshTokenUsername)
        {
            return Valid(registry, password, "refresh_token") is not null ? new Principal(username, null) : null;
        }

        if (string.Equals(username, registry.Name, StringComparison.OrdinalIgnoreCase)
            && registry.Body["properties"]?["adminUserEnabled"]?.GetValue<bool>() == true
            && RegistryCredentials.Current(registry).Passwords.Any(p => TokenCredentials.FixedTimeEquals(p, password)))
        {
            return new Principal(username, null);
        }

        var tokens = registry.Type is RegistryType { Tokens: { } tokenType } ? runtime.Store.Children(registry.Address, tokenType) : [];
        var token = tokens.FirstOrDefault(t => string.Equals(t.Name, username, StringComparison.OrdinalIgnoreCase) && TokenCredentials.Accepts(t, password, Now));
        if (token is null)
        {
            return null;
        }

        var scopeMapId = (string?)token.Body["properties"]?["scopeMapId"];
        var scopeMap = runtime.Store.Under(registry.Address).FirstOrDefault(r => string.Equals(r.Id, scopeMapId, StringComparison.OrdinalIgnoreCase));
        return new Principal(token.Name, scopeMap is null ? [] : [.. ScopeMapType.Grants(scopeMap)]);
    }

    /// <summary>The claims of a token this server issued for <paramref name="registry"/>, of the given grant and not expired.</summary>
    private JsonObject? Valid(StoredResource registry, string token, string grantType)
    {
        var claims = jwt.Read(token);
        return claims is not null
            && string.Equals((string?)claims["aud"], LoginServer(registry), StringComparison.OrdinalIgnoreCase)
            && (string?)claims["grant_type"] == grantType
            && claims["exp"] is JsonValue exp && exp.TryGetValue<long>(out var seconds) && DateTimeOffset.FromUnixTimeSeconds(seconds) > Now
            ? claims
            : null;
    }

    private JsonObject Claims(StoredResource registry, string subject, string grantType, TimeSpan lifetime)
    {
        var now = Now;
        return new JsonObject
        {
            ["jti"] = Guid.NewGuid().ToString(),
            ["sub"] = subject,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["aud"] = LoginServer(registry),
            ["version"] = "1.0",
            ["grant_type"] = grantType,
        };
    }

    private StoredResource? Find(string loginServer)
    {
        runtime.Operations.Settle(Now);
        var registries = runtime.Providers[ContainerRegistryProvider.Namespace].Types.OfType<RegistryType>().Single();
        return runtime.Store.OfType(registries).FirstOrDefault(r => string.Equals(LoginServer(r), loginServer, StringComparison.OrdinalIgnoreCase));
    }

    private static string? LoginServer(StoredResource registry) => (string?)registry.Body["properties"]?["loginServer"];

    private static (int, JsonObject)? ServiceMismatch(StringValues service, StoredResource registry) =>
        !StringValues.IsNullOrEmpty(service) && !string.Equals(service.ToString(), LoginServer(registry), StringComparison.OrdinalIgnoreCase)
            ? Error(400, "BAD_REQUEST", $"service '{service}' does not match the registry '{LoginServer(registry)}'.")
            : null;

    private static (string Scheme, string Value) AuthorizationOf(HttpRequest request) =>
        AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) && header.Parameter is not null
            ? (header.Scheme.Equals("basic", StringComparison.OrdinalIgnoreCase) ? "Basic" : header.Scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase) ? "Bearer" : header.Scheme, header.Parameter)
            : (string.Empty, string.Empty);

    private static (string User, string Password)? Basic(string encoded)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    // Docker registry error shape, which ACR's data plane uses.
    private static (int, JsonObject) Error(int status, string code, string message) =>
        (status, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message, ["detail"] = null }) });

    /// <summary>Who authenticated: full access (admin, Entra identity) when <paramref name="Grants"/> is null, else a token's scope map.</summary>
    private sealed record Principal(string Subject, IReadOnlyList<(string Repository, string Action)>? Grants)
    {
        public bool Allows(string type, string name, string action)
        {
            if (Grants is null)
            {
                return true;
            }

            var needed = (type, action) switch
            {
                ("repository", "pull") => "content/read",
                ("repository", "push") => "content/write",
                ("repository", "delete") => "content/delete",
                ("repository", "metadata_read") => "metadata/read",
                ("repository", "metadata_write") => "metadata/write",
                _ => null,
            };
            return needed is not null && Grants.Any(g => g.Action == needed && Matches(g.Repository, name));
        }

        private static bool Matches(string pattern, string repository) =>
            pattern == "*" || pattern == repository || (pattern.EndsWith("/*", StringComparison.Ordinal) && repository.StartsWith(pattern[..^1], StringComparison.Ordinal));
    }
}
