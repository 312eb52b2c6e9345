using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>
/// apiextensions.k8s.io/v1 CustomResourceDefinition validation on create and update
/// (<c>apiextensions-apiserver/pkg/apis/apiextensions/validation</c>): names, group, scope, versions with exactly one
/// storage version, structural schemas, valid defaults and compilable CEL rules. Causes carry the API server's paths,
/// such as <c>spec.versions[0].schema.openAPIV3Schema.properties[spec].type</c>.
/// </summary>
public static partial class CrdAdmission
{
    private const string Dns1035Message = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
    private const string Dns1123SubdomainMessage = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    // Keywords apiextensions v1 rejects anywhere in a schema.
    private static readonly string[] StructuralKeywords = ["type", "additionalProperties", "default", "description", "title"];

    private static readonly string[] UnsupportedKeywords = ["$ref", "$schema", "id", "additionalItems", "patternProperties", "dependencies", "definitions"];

    /// <summary>The causes of a 422 Invalid for this CRD; empty when the API server would accept it.</summary>
    public static IReadOnlyList<FieldError> ValidateCrd(JsonObject crd)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var errors = new List<FieldError>();
        var spec = crd["spec"] as JsonObject ?? [];
        var names = spec["names"] as JsonObject ?? [];
        var group = JsonValues.AsString(spec["group"]) ?? "";
        var plural = JsonValues.AsString(names["plural"]) ?? "";
        var kind = JsonValues.AsString(names["kind"]) ?? "";

        var name = JsonValues.AsString(crd["metadata"]?["name"]) ?? "";
        if (name != $"{plural}.{group}")
        {
            errors.Add(FieldErrors.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }

        if (group.Length == 0)
        {
            errors.Add(FieldErrors.Required("spec.group"));
        }
        else if (!Dns1123Subdomain().IsMatch(group) || group.Length > 253)
        {
            errors.Add(FieldErrors.Invalid("spec.group", group, Dns1123SubdomainMessage));
        }
        else if (!group.Contains('.', StringComparison.Ordinal))
        {
            errors.Add(FieldErrors.Invalid("spec.group", group, "should be a domain with at least one dot"));
        }

        ValidateNames(names, kind, plural, errors);

        var scope = JsonValues.AsString(spec["scope"]) ?? "";
        if (scope.Length == 0)
        {
            errors.Add(FieldErrors.Required("spec.scope"));
        }
        else if (scope is not ("Cluster" or "Namespaced"))
        {
            errors.Add(FieldErrors.NotSupported("spec.scope", scope, ["Cluster", "Namespaced"]));
        }

        ValidateVersions(spec["versions"] as JsonArray ?? [], errors);
        return errors;
    }

    private static void ValidateNames(JsonObject names, string kind, string plural, List<FieldError> errors)
    {
        // singular and listKind are defaulted from kind before validation, so only their format can be wrong.
        var singular = JsonValues.AsString(names["singular"]);
        var listKind = JsonValues.AsString(names["listKind"]);
        if (plural.Length == 0)
        {
            errors.Add(FieldErrors.Required("spec.names.plural"));
        }
        else if (!IsDns1035Label(plural))
        {
            errors.Add(FieldErrors.Invalid("spec.names.plural", plural, Dns1035Message));
        }

        if (singular is { Length: > 0 } && !IsDns1035Label(singular))
        {
            errors.Add(FieldErrors.Invalid("spec.names.singular", singular, Dns1035Message));
        }

        if (kind.Length == 0)
        {
            errors.Add(FieldErrors.Required("spec.names.kind"));
        }
        else if (!IsDns1035Label(kind.ToLowerInvariant()))
        {
            errors.Add(FieldErrors.Invalid("spec.names.kind", kind, "may have mixed case, but should otherwise match: " + Dns1035Message));
        }

        if (listKind is { Length: > 0 } && !IsDns1035Label(listKind.ToLowerInvariant()))
        {
            errors.Add(FieldErrors.Invalid("spec.names.listKind", listKind, "may have mixed case, but should otherwise match: " + Dns1035Message));
        }

        if (kind.Length > 0 && listKind == kind)
        {
            errors.Add(FieldErrors.Invalid("spec.names.listKind", listKind, "kind and listKind may not be the same"));
        }

        foreach (var (list, field) in new[] { ("shortNames", "spec.names.shortNames"), ("categories", "spec.names.categories") })
        {
            var entries = names[list] as JsonArray ?? [];
            for (var i = 0; i < entries.Count; i++)
            {
                if (JsonValues.AsString(entries[i]) is { } entry && !IsDns1035Label(entry))
                {
                    errors.Add(FieldErrors.Invalid($"{field}[{i.ToString(CultureInfo.InvariantCulture)}]", entry, Dns1035Message));
                }
            }
        }
    }

    private static void ValidateVersions(JsonArray versions, List<FieldError> errors)
    {
        // The real server prints the Go structs of the versions as the bad value; the JSON is the readable equivalent.
        var rendered = versions.ToJsonString();
        var storage = versions.OfType<JsonObject>().Count(v => JsonValues.IsTrue(v["storage"]));
        var versionNames = versions.OfType<JsonObject>().Select(v => JsonValues.AsString(v["name"]) ?? "").ToList();
        for (var i = 0; i < versions.Count; i++)
        {
            var version = versions[i] as JsonObject ?? [];
            var path = $"spec.versions[{i.ToString(CultureInfo.InvariantCulture)}]";
            var versionName = JsonValues.AsString(version["name"]) ?? "";
            if (!IsDns1035Label(versionName))
            {
                errors.Add(FieldErrors.Invalid($"{path}.name", versionName, Dns1035Message));
            }

            if (version["schema"]?["openAPIV3Schema"] is not JsonObject schema)
            {
                errors.Add(FieldErrors.Required($"{path}.schema.openAPIV3Schema", "schemas are required"));
                continue;
            }

            ValidateSchema(schema, $"{path}.schema.openAPIV3Schema", errors);
        }

        if (versionNames.Distinct(StringComparer.Ordinal).Count() != versionNames.Count)
        {
            errors.Add(FieldErrors.InvalidRendered("spec.versions", rendered, "must contain unique version names"));
        }

        if (storage != 1)
        {
            errors.Add(FieldErrors.InvalidRendered("spec.versions", rendered, "must have exactly one version marked as storage version"));
        }

        if (versions.Count > 0 && !versions.OfType<JsonObject>().Any(v => JsonValues.IsTrue(v["served"])))
        {
            errors.Add(FieldErrors.InvalidRendered("spec.versions", rendered, "must have at least one version served"));
        }
    }

    private static void ValidateSchema(JsonObject schema, string path, List<FieldError> errors)
    {
        var type = JsonValues.AsString(schema["type"]);
        if (type is null)
        {
            errors.Add(FieldErrors.Required($"{path}.type", "must not be empty at the root"));
        }
        else if (type != "object")
        {
            errors.Add(FieldErrors.Invalid($"{path}.type", type, "must be object at the root"));
        }

        if (schema["properties"]?["metadata"] is JsonObject metadata && !IsAllowedRootMetadata(metadata))
        {
            errors.Add(FieldErrors.Forbidden($"{path}.properties[metadata]", "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        }

        ValidateNode(schema, path, isRoot: true, errors);
    }

    // At the root, metadata may only be restricted in name and generateName; the rest is ObjectMeta's.
    private static bool IsAllowedRootMetadata(JsonObject metadata) =>
        metadata.All(p => p.Key is "type" or "description" or "properties") &&
        (metadata["properties"] as JsonObject ?? []).All(p => p.Key is "name" or "generateName");

    private static void ValidateNode(JsonObject s, string path, bool isRoot, List<FieldError> errors)
    {
        foreach (var keyword in UnsupportedKeywords.Where(s.ContainsKey))
        {
            errors.Add(FieldErrors.Forbidden($"{path}.{keyword}", $"{keyword} is not supported"));
        }

        var type = JsonValues.AsString(s["type"]);
        var intOrString = JsonValues.IsTrue(s["x-kubernetes-int-or-string"]);
        if (intOrString && type is not null)
        {
            errors.Add(FieldErrors.Invalid($"{path}.type", type, "must be empty if x-kubernetes-int-or-string is true"));
        }

        if (s["x-kubernetes-preserve-unknown-fields"] is JsonNode preserve && !JsonValues.IsTrue(preserve))
        {
            errors.Add(FieldErrors.Invalid($"{path}.x-kubernetes-preserve-unknown-fields", preserve, "must be true or undefined"));
        }

        if (JsonValues.IsTrue(s["x-kubernetes-embedded-resource"]) && type != "object")
        {
            errors.Add(FieldErrors.Invalid($"{path}.type", type ?? "", "must be object if x-kubernetes-embedded-resource is true"));
        }

        if (JsonValues.IsTrue(s["uniqueItems"]))
        {
            errors.Add(FieldErrors.Forbidden($"{path}.uniqueItems", "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
        }

        if (s["additionalProperties"] is not null && s["properties"] is not null)
        {
            errors.Add(FieldErrors.Forbidden($"{path}.additionalProperties", "additionalProperties and properties are mutual exclusive"));
        }

        ValidateListType(s, type, path, errors);

        if (type == "array" && s["items"] is null)
        {
            errors.Add(FieldErrors.Required($"{path}.items", "must be specified"));
        }

        foreach (var (name, child) in s["properties"] as JsonObject ?? [])
        {
            if (child is JsonObject property && !(isRoot && name == "metadata"))
            {
                ValidateChild(property, $"{path}.properties[{name}]", "must not be empty for specified object fields", errors);
            }
        }

        if (s["items"] is JsonObject items)
        {
            ValidateChild(items, $"{path}.items", "must not be empty for specified array items", errors);
        }

        if (s["additionalProperties"] is JsonObject additional)
        {
            ValidateChild(additional, $"{path}.additionalProperties", "must not be empty for specified object fields", errors);
        }

        foreach (var junctor in new[] { "allOf", "anyOf", "oneOf" })
        {
            var subs = s[junctor] as JsonArray ?? [];
            for (var i = 0; i < subs.Count; i++)
            {
                if (subs[i] is JsonObject sub)
                {
                    ValidateValueValidation(sub, $"{path}.{junctor}[{i.ToString(CultureInfo.InvariantCulture)}]", errors);
                }
            }
        }

        if (s["not"] is JsonObject not)
        {
            ValidateValueValidation(not, $"{path}.not", errors);
        }

        ValidateDefault(s, path, errors);
        ValidateRules(s, path, errors);
    }

    private static void ValidateChild(JsonObject child, string path, string emptyTypeMessage, List<FieldError> errors)
    {
        var untyped = child["type"] is null && !JsonValues.IsTrue(child["x-kubernetes-int-or-string"]) && !JsonValues.IsTrue(child["x-kubernetes-preserve-unknown-fields"]);
        if (untyped)
        {
            errors.Add(FieldErrors.Required($"{path}.type", emptyTypeMessage));
        }

        ValidateNode(child, path, isRoot: false, errors);
    }

    private static void ValidateListType(JsonObject s, string? type, string path, List<FieldError> errors)
    {
        var listType = JsonValues.AsString(s["x-kubernetes-list-type"]);
        var hasKeys = s["x-kubernetes-list-map-keys"] is JsonArray { Count: > 0 };
        if (listType is not null && listType is not ("atomic" or "set" or "map"))
        {
            errors.Add(FieldErrors.NotSupported($"{path}.x-kubernetes-list-type", listType, ["atomic", "set", "map"]));
        }

        if (listType is not null && type != "array")
        {
            errors.Add(FieldErrors.Invalid($"{path}.type", type ?? "", "must be array if x-kubernetes-list-type is specified"));
        }

        if (listType == "map" && !hasKeys)
        {
            errors.Add(FieldErrors.Required($"{path}.x-kubernetes-list-map-keys", "must not be empty if x-kubernetes-list-type is map"));
        }

        if (listType != "map" && hasKeys)
        {
            errors.Add(FieldErrors.Forbidden($"{path}.x-kubernetes-list-map-keys", "must not be specified if x-kubernetes-list-type is not map"));
        }
    }

    // Inside allOf/anyOf/oneOf/not only value validations are allowed; the structure comes from the outer schema.
    private static void ValidateValueValidation(JsonObject s, string path, List<FieldError> errors)
    {
        foreach (var keyword in StructuralKeywords.Where(s.ContainsKey))
        {
            errors.Add(FieldErrors.Forbidden($"{path}.{keyword}", "must be empty to be structural"));
        }

        if (JsonValues.IsTrue(s["nullable"]))
        {
            errors.Add(FieldErrors.Forbidden($"{path}.nullable", "must be false to be structural"));
        }

        foreach (var extension in s.Select(p => p.Key).Where(k => k.StartsWith("x-kubernetes-", StringComparison.Ordinal)))
        {
            errors.Add(FieldErrors.Forbidden($"{path}.{extension}", "must be false to be structural"));
        }
    }

    // Defaults must themselves pass the schema they default (without CEL, as the API server checks them).
    private static void ValidateDefault(JsonObject s, string path, List<FieldError> errors)
    {
        if (s["default"] is not { } value)
        {
            return;
        }

        var node = new SchemaNode(s);
        foreach (var error in OpenApiValidator.Validate(node, value, ""))
        {
            var field = error.Field.Length == 0 ? $"{path}.default" : $"{path}.default.{error.Field}";
            errors.Add(error with { Field = field });
        }
    }

    private static void ValidateRules(JsonObject s, string path, List<FieldError> errors)
    {
        var rules = s["x-kubernetes-validations"] as JsonArray ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var rulePath = $"{path}.x-kubernetes-validations[{i.ToString(CultureInfo.InvariantCulture)}]";
            var rule = rules[i] as JsonObject ?? [];
            var text = JsonValues.AsString(rule["rule"]) ?? "";
            if (text.Trim().Length == 0)
            {
                errors.Add(FieldErrors.Required($"{rulePath}.rule"));
            }
            else if (CelPrograms.TryCompile(text, out var error) is null)
            {
                errors.Add(FieldErrors.Invalid($"{rulePath}.rule", text, $"compilation failed: {error}"));
            }

            if (JsonValues.AsString(rule["messageExpression"]) is { } expression && CelPrograms.TryCompile(expression, out var messageError) is null)
            {
                errors.Add(FieldErrors.Invalid($"{rulePath}.messageExpression", expression, $"messageExpression compilation failed: {messageError}"));
            }

            if (JsonValues.AsString(rule["reason"]) is { } reason && reason is not ("FieldValueInvalid" or "FieldValueForbidden" or "FieldValueRequired" or "FieldValueDuplicate"))
            {
                errors.Add(FieldErrors.NotSupported($"{rulePath}.reason", reason, ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"]));
            }
        }
    }

    private static bool IsDns1035Label(string value) => value.Length is > 0 and <= 63 && Dns1035Label().IsMatch(value);

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();
}
