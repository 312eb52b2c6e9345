using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.Arm.Http;

/// <summary>
/// ARM's bearer check and role check. A token the emulated Entra ID issued is held to ARM's rules (expiry, an
/// audience of this endpoint, the principal's scopes); any other token that is not a JWT is the emulator's owner,
/// so the static tokens the sandbox and its users send keep working.
/// </summary>
internal static class ArmAuthentication
{
    // Real ARM accepts its public audiences; a client of the emulator asks for its own endpoint ({endpoint}/.default).
    private static readonly string[] PublicAudiences = ["https://management.core.windows.net/", "https://management.core.windows.net", "https://management.azure.com/", "https://management.azure.com"];

    public static ArmCaller Authenticate(HttpRequest request, ArmRuntime runtime)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        if (string.IsNullOrEmpty(header))
        {
            throw ArmErrors.AuthenticationMissing();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(header[7..]))
        {
            throw ArmErrors.AuthenticationInvalid();
        }

        var token = header[7..].Trim();
        if (HmacJwt.Claims(token) is null)
        {
            return ArmCaller.Owner;
        }

        var claims = runtime.Entra.Read(token) ?? throw ArmErrors.AuthenticationInvalid();
        var now = runtime.TimeProvider.GetUtcNow();
        if (claims["exp"] is JsonValue exp && exp.TryGetValue<long>(out var seconds) && DateTimeOffset.FromUnixTimeSeconds(seconds) is var expiry && expiry <= now)
        {
            throw ArmErrors.TokenExpired(expiry, now);
        }

        var self = $"{request.Scheme}://{request.Host}";
        string[] allowed = [self + "/", self, .. PublicAudiences];
        var audience = (string?)claims["aud"];
        if (!allowed.Contains(audience, StringComparer.OrdinalIgnoreCase))
        {
            throw ArmErrors.WrongAudience(audience, allowed);
        }

        return new ArmCaller((string?)claims["appid"], (string?)claims["oid"]);
    }

    /// <summary>Throws 403 AuthorizationFailed unless the caller holds a role at or above the request's scope.</summary>
    public static void Authorize(ArmCaller caller, ArmRuntime runtime, ArmRoute route, string method, string path)
    {
        // Location polls live under the subscription, not the resource: ARM lets whoever started the operation read them.
        if (caller.IsOwner || route.Kind == ArmRouteKind.OperationResult)
        {
            return;
        }

        var scope = "/" + path.Trim('/');
        if (!runtime.Entra.IsAuthorized(caller.ObjectId!, scope))
        {
            throw ArmErrors.AuthorizationFailed(caller.ClientId ?? "", caller.ObjectId!, Action(route, method), scope);
        }
    }

    /// <summary>The RBAC action ARM names in its error, e.g. <c>Microsoft.ContainerRegistry/registries/write</c>.</summary>
    private static string Action(ArmRoute route, string method)
    {
        var type = route.Type?.FullType ?? route.Provider?.Namespace ?? "Microsoft.Resources";
        return route.Kind switch
        {
            ArmRouteKind.Action or ArmRouteKind.SubscriptionAction => $"{type}/{route.ActionName}/action",
            _ => method switch
            {
                "GET" or "HEAD" => $"{type}/read",
                "DELETE" => $"{type}/delete",
                _ => $"{type}/write",
            },
        };
    }
}
