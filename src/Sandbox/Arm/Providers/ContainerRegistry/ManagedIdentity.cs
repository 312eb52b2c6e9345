using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Sandbox.Arm.Http;
using AcrOperator.Sandbox.Arm.Resources;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// ARM's managed-identity block (<c>IdentityProperties</c>) as registries and tasks carry it: a system-assigned
/// identity gets a principal id (kept while it stays on) and the tenant; user-assigned identities are a map of ARM
/// id to <c>{principalId, clientId}</c>. A PUT states the whole map, whose values must be empty objects; a PATCH
/// merges into it, and a null value removes that identity (ids compare ignoring case). A type without
/// <c>UserAssigned</c> drops the map, <c>None</c> drops everything.
/// </summary>
internal static partial class ManagedIdentity
{
    /// <summary>The tenant the emulator reports for system-assigned identities (the one the spec examples show).</summary>
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    /// <summary>Completes <c>identity</c> in the resource being written; throws ARM's 400 for malformed identities.</summary>
    public static void Complete(ArmWriteContext write)
    {
        if (write.Resource["identity"] is not JsonObject identity)
        {
            return;
        }

        var type = (string?)identity["type"] ?? "None";
        var system = type.Contains("SystemAssigned", StringComparison.Ordinal);
        var user = type.Contains("UserAssigned", StringComparison.Ordinal);
        var previous = write.Existing?.Body["identity"] as JsonObject;
        var requested = write.Body["identity"]?["userAssignedIdentities"];
        if (requested is not null and not JsonObject)
        {
            throw ArmErrors.InvalidContent("The 'userAssignedIdentities' property must be an object keyed by identity resource id. Path 'identity.userAssignedIdentities'", "identity.userAssignedIdentities");
        }

        // What the store held is the base of a PATCH; a PUT starts over, but identities it names again keep their ids.
        var known = previous?["userAssignedIdentities"] as JsonObject ?? [];
        var users = write.Request.Method == "PATCH" ? Copy(known) : [];
        foreach (var (id, value) in (JsonObject?)requested ?? [])
        {
            var existing = users.FirstOrDefault(u => string.Equals(u.Key, id, StringComparison.OrdinalIgnoreCase)).Key;
            if (value is null && write.Request.Method == "PATCH")
            {
                if (existing is not null)
                {
                    users.Remove(existing);
                }

                continue;
            }

            if (value is not JsonObject || !UserAssignedId().IsMatch(id))
            {
                throw InvalidIdentityValues(id);
            }

            if (existing is null)
            {
                var kept = known.FirstOrDefault(u => string.Equals(u.Key, id, StringComparison.OrdinalIgnoreCase));
                users[id] = kept.Value?.DeepClone() ?? new JsonObject { ["principalId"] = StableGuid("principal", id), ["clientId"] = StableGuid("client", id) };
            }
        }

        if (!user && requested is JsonObject named && named.Any(u => u.Value is not null))
        {
            // [unverified wording] ARM refuses identities the type does not ask for.
            throw new ArmException(HttpStatusCode.BadRequest, "InvalidIdentityValues", $"The identity type '{type}' does not allow user assigned identities; use 'UserAssigned' or 'SystemAssigned, UserAssigned'.", "identity.userAssignedIdentities");
        }

        if (user && users.Count == 0)
        {
            // [unverified wording]
            throw new ArmException(HttpStatusCode.BadRequest, "InvalidIdentityValues", $"The identity type '{type}' requires at least one user assigned identity in 'userAssignedIdentities'.", "identity.userAssignedIdentities");
        }

        identity["principalId"] = system ? previous?["principalId"]?.DeepClone() ?? Guid.NewGuid().ToString() : null;
        identity["tenantId"] = system ? TenantId : null;
        if (!system)
        {
            identity.Remove("principalId");
            identity.Remove("tenantId");
        }

        if (user)
        {
            identity["userAssignedIdentities"] = users;
        }
        else
        {
            identity.Remove("userAssignedIdentities");
        }
    }

    // The message ARM's identity validation writes (its own spelling kept).
    private static ArmException InvalidIdentityValues(string id) => new(
        HttpStatusCode.BadRequest,
        "InvalidIdentityValues",
        $"Invalid value for the identities '{id}'. The 'UserAssignedIdentities' property keys should only be empty json objects, null or the resource exisiting property.",
        "identity.userAssignedIdentities");

    private static JsonObject Copy(JsonObject map) => (JsonObject)map.DeepClone();

    // A user-assigned identity has one principal and client id wherever it is attached: derive them from its id.
    private static string StableGuid(string kind, string id) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(kind + ":" + id.ToLowerInvariant()))[..16]).ToString();

    [GeneratedRegex("^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.ManagedIdentity/userAssignedIdentities/[^/]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserAssignedId();
}
