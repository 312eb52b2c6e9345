using System.Text.Json.Nodes;
using AcrOperator.Sandbox.KubeApi.Model;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.KubeApi;

/// <summary>
/// CRD admission and the status the apiextensions controllers would write: the basic structural checks, the
/// cleanup finalizer, acceptedNames, storedVersions and the NamesAccepted/Established conditions (set at once,
/// where the real server gets there asynchronously).
/// </summary>
internal static class CustomResourceDefinitions
{
    public const string CleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    public static void Admit(ResourceDescriptor descriptor, JsonObject? old, JsonObject crd, DateTimeOffset now)
    {
        var metadata = Meta.Of(crd);
        var name = Meta.String(metadata, "name") ?? string.Empty;
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject;
        var group = spec?["group"]?.GetValue<string>() ?? string.Empty;
        var names = spec?["names"] as JsonObject;
        var plural = names?["plural"]?.GetValue<string>() ?? string.Empty;
        var kind = names?["kind"]?.GetValue<string>() ?? string.Empty;
        if (group.Length == 0)
        {
            errors.Add(new FieldError("FieldValueRequired", "spec.group", "Required value"));
        }

        if (plural.Length == 0)
        {
            errors.Add(new FieldError("FieldValueRequired", "spec.names.plural", "Required value"));
        }

        if (kind.Length == 0)
        {
            errors.Add(new FieldError("FieldValueRequired", "spec.names.kind", "Required value"));
        }

        if (name != $"{plural}.{group}")
        {
            errors.Add(new FieldError("FieldValueInvalid", "metadata.name", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group", name));
        }

        var scope = spec?["scope"]?.GetValue<string>();
        if (scope is not ("Namespaced" or "Cluster"))
        {
            errors.Add(new FieldError("FieldValueNotSupported", "spec.scope", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\""));
        }

        var versions = spec?["versions"] as JsonArray ?? [];
        if (versions.Count == 0)
        {
            errors.Add(new FieldError("FieldValueInvalid", "spec.versions", "Invalid value: null: must have exactly one version marked as storage version"));
        }
        else if (versions.Count(v => v?["storage"]?.GetValue<bool>() == true) != 1)
        {
            errors.Add(new FieldError("FieldValueInvalid", "spec.versions", "Invalid value: must have exactly one version marked as storage version"));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            var schema = versions[i]?["schema"]?["openAPIV3Schema"] as JsonObject;
            var path = $"spec.versions[{i}].schema.openAPIV3Schema";
            if (schema is null)
            {
                errors.Add(new FieldError("FieldValueRequired", path, "Required value: schemas are required"));
            }
            else if (schema["type"] is null)
            {
                errors.Add(new FieldError("FieldValueRequired", path + ".type", "Required value: must not be empty at the root"));
            }
            else if (schema["type"]!.GetValue<string>() != "object")
            {
                errors.Add(new FieldError("FieldValueInvalid", path + ".type", $"Invalid value: \"{schema["type"]}\": must be object at the root"));
            }
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(descriptor, name, errors);
        }

        if (old is null)
        {
            var finalizers = Meta.Finalizers(metadata);
            if (!finalizers.Contains(CleanupFinalizer))
            {
                finalizers.Add(CleanupFinalizer);
            }

            Meta.SetFinalizers(metadata, finalizers);
        }

        crd["status"] = Status(old?["status"] as JsonObject, names!, versions, now, Meta.IsDeleting(metadata));
    }

    private static JsonObject Status(JsonObject? old, JsonObject names, JsonArray versions, DateTimeOffset now, bool terminating)
    {
        var accepted = names.DeepClone().AsObject();
        accepted["singular"] ??= names["kind"]!.GetValue<string>().ToLowerInvariant();
        accepted["listKind"] ??= names["kind"]!.GetValue<string>() + "List";
        var stored = new List<string>();
        foreach (var version in old?["storedVersions"]?.AsArray() ?? [])
        {
            stored.Add(version!.GetValue<string>());
        }

        var storage = versions.First(v => v?["storage"]?.GetValue<bool>() == true)!["name"]!.GetValue<string>();
        if (!stored.Contains(storage))
        {
            stored.Add(storage);
        }

        var conditions = old?["conditions"]?.DeepClone().AsArray() ?? new JsonArray(
            Condition("NamesAccepted", "True", "NoConflicts", "no conflicts found", now),
            Condition("Established", "True", "InitialNamesAccepted", "the initial names have been accepted", now));
        if (terminating && !conditions.Any(c => c?["type"]?.GetValue<string>() == "Terminating"))
        {
            conditions.Add(Condition("Terminating", "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", now));
        }

        return new JsonObject
        {
            ["conditions"] = conditions,
            ["acceptedNames"] = accepted,
            ["storedVersions"] = new JsonArray([.. stored.Select(s => (JsonNode)JsonValue.Create(s))]),
        };
    }

    private static JsonObject Condition(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        ["type"] = type,
        ["status"] = status,
        ["lastTransitionTime"] = Meta.Timestamp(now),
        ["reason"] = reason,
        ["message"] = message,
    };
}
