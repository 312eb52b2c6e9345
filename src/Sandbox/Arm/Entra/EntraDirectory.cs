using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Arm.Entra;

/// <summary>
/// The emulator's Entra ID: service principals with their client secrets and federated credentials, the scopes
/// they may manage, and the access tokens it issues for them. Served at <c>POST /{tenant}/oauth2/v2.0/token</c> on the
/// ARM listener (so <see cref="ArmServer.AuthorityHost"/> is the ARM base address); ARM then knows who called from
/// the token and answers 403 <c>AuthorizationFailed</c> outside the principal's scopes.
/// </summary>
/// <remarks>
/// Tokens are HS256 JWTs only this instance can issue. Client assertions (workload identity) are matched on issuer,
/// subject and audience; their signatures are not checked, since the emulator cannot reach the cluster issuer's keys.
/// </remarks>
public sealed class EntraDirectory
{
    /// <summary>The audience Entra requires of workload-identity assertions.</summary>
    public const string FederatedAudience = "api://AzureADTokenExchange";

    private readonly Lock gate = new();
    private readonly Dictionary<string, Application> applications = new(StringComparer.OrdinalIgnoreCase);
    private readonly HmacJwt jwt = new();

    /// <summary>The principals, without their secrets.</summary>
    public IReadOnlyList<EntraPrincipal> Principals
    {
        get
        {
            lock (gate)
            {
                return [.. applications.Values.Select(a => a.Describe())];
            }
        }
    }

    /// <summary>Adds (or replaces) a service principal; with <paramref name="clientSecret"/> it can sign in with that secret.</summary>
    public EntraPrincipal AddServicePrincipal(string tenantId, string clientId, string? clientSecret = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        lock (gate)
        {
            var application = new Application(tenantId, clientId, Guid.NewGuid().ToString(), clientSecret);
            applications[clientId] = application;
            return application.Describe();
        }
    }

    /// <summary>Lets a client assertion with this issuer and subject sign the principal in (workload identity).</summary>
    public void AddFederatedCredential(string clientId, string issuer, string subject)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(issuer);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        lock (gate)
        {
            Require(clientId).Federated.Add(new EntraFederatedCredential(issuer, subject));
        }
    }

    /// <summary>
    /// Grants the principal every action at <paramref name="scope"/> and below (a subscription, resource group or
    /// resource id, or <c>/</c> for everything), as a Contributor role assignment would.
    /// </summary>
    public void AssignRole(string clientId, string scope)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scope);
        lock (gate)
        {
            Require(clientId).Scopes.Add("/" + scope.Trim('/'));
        }
    }

    public bool RemoveServicePrincipal(string clientId)
    {
        lock (gate)
        {
            return applications.Remove(clientId);
        }
    }

    /// <summary>
    /// The OAuth 2.0 client-credentials grant of the v2.0 token endpoint: a token for <paramref name="tenantId"/>
    /// on success, otherwise Entra's error body (<c>error</c>, <c>error_description</c> with the AADSTS code, <c>error_codes</c>...).
    /// </summary>
    internal (int Status, JsonObject Body) IssueToken(string tenantId, IFormCollection? form, DateTimeOffset now)
    {
        if (form is null)
        {
            return Error(400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.", now);
        }

        if ((string?)form["grant_type"] != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type. This emulator supports client_credentials only.", now);
        }

        if (string.IsNullOrEmpty(form["scope"]))
        {
            return Error(400, "invalid_request", 900144, "The request body must contain the following parameter: 'scope'.", now);
        }

        var scope = ((string?)form["scope"])!;
        if (!scope.EndsWith("/.default", StringComparison.Ordinal))
        {
            return Error(400, "invalid_scope", 1002012, $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", now);
        }

        var clientId = (string?)form["client_id"] ?? "";
        Application? application;
        lock (gate)
        {
            if (!applications.Values.Any(a => string.Equals(a.TenantId, tenantId, StringComparison.OrdinalIgnoreCase)))
            {
                return Error(400, "invalid_request", 90002, $"Tenant '{tenantId}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.", now);
            }

            application = applications.GetValueOrDefault(clientId);
            if (application is null || !string.Equals(application.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
            {
                return Error(400, "unauthorized_client", 700016, $"Application with identifier '{clientId}' was not found in the directory '{tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.", now);
            }

            if (SignInError(application, form, now) is { } refused)
            {
                return refused;
            }
        }

        const int lifetimeSeconds = 3599;
        var claims = new JsonObject
        {
            ["aud"] = scope[..^"/.default".Length],
            ["iss"] = $"https://sts.windows.net/{tenantId}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.ToUnixTimeSeconds() + lifetimeSeconds,
            ["appid"] = application.ClientId,
            ["idtyp"] = "app",
            ["oid"] = application.ObjectId,
            ["sub"] = application.ObjectId,
            ["tid"] = application.TenantId,
            ["ver"] = "1.0",
        };
        return (200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = lifetimeSeconds,
            ["ext_expires_in"] = lifetimeSeconds,
            ["access_token"] = jwt.Issue(claims),
        });
    }

    /// <summary>The claims of an access token this directory issued (signature only: expiry and audience are the caller's to judge), else null.</summary>
    internal JsonObject? Read(string token) => jwt.Read(token);

    /// <summary>Whether the principal with this object id may act on <paramref name="path"/> (a scope at or under one of its scopes).</summary>
    internal bool IsAuthorized(string objectId, string path)
    {
        var target = "/" + path.Trim('/');
        lock (gate)
        {
            return applications.Values.FirstOrDefault(a => a.ObjectId == objectId) is { } application
                && application.Scopes.Any(scope => scope == "/"
                    || string.Equals(target, scope, StringComparison.OrdinalIgnoreCase)
                    || target.StartsWith(scope + "/", StringComparison.OrdinalIgnoreCase));
        }
    }

    private static (int, JsonObject)? SignInError(Application application, IFormCollection form, DateTimeOffset now)
    {
        if ((string?)form["client_assertion"] is { Length: > 0 } assertion)
        {
            if ((string?)form["client_assertion_type"] != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
            {
                return Error(400, "invalid_request", 50027, "Invalid client_assertion_type: only urn:ietf:params:oauth:client-assertion-type:jwt-bearer is supported.", now);
            }

            var claims = HmacJwt.Claims(assertion);
            var (issuer, subject, audience) = ((string?)claims?["iss"], (string?)claims?["sub"], claims?["aud"] is JsonArray many ? (string?)many.FirstOrDefault() : (string?)claims?["aud"]);
            if (claims?["exp"] is JsonValue exp && exp.TryGetValue<long>(out var seconds) && DateTimeOffset.FromUnixTimeSeconds(seconds) <= now)
            {
                return Error(400, "invalid_client", 700024, "Client assertion is not within its valid time range.", now);
            }

            return audience == FederatedAudience && application.Federated.Any(f => f.Issuer == issuer && f.Subject == subject)
                ? null
                : Error(400, "invalid_client", 70021, $"No matching federated identity record found for presented assertion. Assertion Issuer: '{issuer}'. Assertion Subject: '{subject}'. Assertion Audience: '{audience}'.", now);
        }

        if ((string?)form["client_secret"] is not { Length: > 0 } secret)
        {
            return Error(401, "invalid_client", 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.", now);
        }

        return application.Secret is { } expected && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(secret))
            ? null
            : Error(401, "invalid_client", 7000215, $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{application.ClientId}'.", now);
    }

    private Application Require(string clientId) =>
        applications.GetValueOrDefault(clientId) ?? throw new ArgumentException($"No service principal with client id {clientId}.", nameof(clientId));

    // Entra's error body: the AADSTS code leads the description, and trace and correlation ids follow it.
    private static (int, JsonObject) Error(int status, string error, int code, string description, DateTimeOffset now)
    {
        var trace = Guid.NewGuid().ToString();
        var correlation = Guid.NewGuid().ToString();
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return (status, new JsonObject
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {description} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {timestamp}",
            ["error_codes"] = new JsonArray(code),
            ["timestamp"] = timestamp,
            ["trace_id"] = trace,
            ["correlation_id"] = correlation,
            ["error_uri"] = $"https://login.microsoftonline.com/error?code={code.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        });
    }

    private sealed class Application(string tenantId, string clientId, string objectId, string? secret)
    {
        public string TenantId { get; } = tenantId;

        public string ClientId { get; } = clientId;

        public string ObjectId { get; } = objectId;

        public string? Secret { get; } = secret;

        public List<EntraFederatedCredential> Federated { get; } = [];

        public List<string> Scopes { get; } = [];

        public EntraPrincipal Describe() => new(TenantId, ClientId, ObjectId, [.. Scopes], [.. Federated]);
    }
}
