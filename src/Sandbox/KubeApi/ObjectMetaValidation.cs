using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AcrOperator.Sandbox.KubeApi.Model;
using AcrOperator.Sandbox.KubeApi.Schema;

namespace AcrOperator.Sandbox.KubeApi;

/// <summary>
/// What the apiserver checks of every object's metadata before storing it: first that the fields decode into
/// ObjectMeta at all (a 400 with the JSON decoder's message), then apimachinery's <c>ValidateObjectMeta</c> for labels,
/// annotations, finalizers and ownerReferences (a 422). Everything downstream (selectors, the garbage collector,
/// finalizer handling) may then read these fields as the strings, maps and lists they are.
/// </summary>
internal static partial class ObjectMetaValidation
{
    private const string QualifiedNameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFormat = "(" + QualifiedNameFormat + ")?";
    private const string SubdomainFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const int TotalAnnotationSizeLimit = 256 * 1024;

    private static readonly string QualifiedNameError = RegexError(
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", QualifiedNameFormat, "MyName", "my.name", "123-abc");

    private static readonly string LabelValueError = RegexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", LabelValueFormat, "MyValue", "my_value", "12345");

    private static readonly string SubdomainError = RegexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", SubdomainFormat, "example.com");

    /// <summary>Throws 400 when the metadata would not decode into ObjectMeta, 422 when it breaks ValidateObjectMeta.</summary>
    public static void Validate(ResourceDescriptor descriptor, JsonObject metadata)
    {
        CheckTypes(descriptor, metadata);
        var errors = new List<FieldError>();
        ValidateLabels(metadata["labels"] as JsonObject, errors);
        ValidateAnnotations(metadata["annotations"] as JsonObject, errors);
        ValidateFinalizers(metadata["finalizers"] as JsonArray, errors);
        ValidateOwnerReferences(metadata["ownerReferences"] as JsonArray, errors);
        if (errors.Count > 0)
        {
            throw ApiException.Invalid(descriptor, Meta.String(metadata, "name") ?? string.Empty, errors);
        }
    }

    /// <summary>apimachinery's IsQualifiedName: an optional DNS subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static List<string> QualifiedNameErrors(string value)
    {
        var errors = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                name = parts[1];
                if (parts[0].Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    errors.AddRange(SubdomainErrors(parts[0]).Select(e => "prefix part " + e));
                }

                break;
            default:
                return ["a qualified name " + QualifiedNameError + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > 63)
        {
            errors.Add("name part must be no more than 63 characters");
        }

        if (!QualifiedNameRegex().IsMatch(name))
        {
            errors.Add("name part " + QualifiedNameError);
        }

        return errors;
    }

    private static List<string> SubdomainErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > 253)
        {
            errors.Add("must be no more than 253 characters");
        }

        if (!SubdomainRegex().IsMatch(value))
        {
            errors.Add(SubdomainError);
        }

        return errors;
    }

    private static void CheckTypes(ResourceDescriptor descriptor, JsonObject metadata)
    {
        CheckStringMap(descriptor, metadata, "labels");
        CheckStringMap(descriptor, metadata, "annotations");
        if (metadata["finalizers"] is { } finalizers)
        {
            var list = finalizers as JsonArray ?? throw DecodeError(descriptor, finalizers, "ObjectMeta", "metadata.finalizers", "[]string");
            foreach (var item in list)
            {
                ExpectString(descriptor, item, "ObjectMeta", "metadata.finalizers", "string");
            }
        }

        if (metadata["ownerReferences"] is { } references)
        {
            var list = references as JsonArray ?? throw DecodeError(descriptor, references, "ObjectMeta", "metadata.ownerReferences", "[]v1.OwnerReference");
            foreach (var item in list)
            {
                if (item is null)
                {
                    continue;
                }

                var reference = item as JsonObject ?? throw DecodeError(descriptor, item, "ObjectMeta", "metadata.ownerReferences", "v1.OwnerReference");
                foreach (var (field, type) in new[] { ("apiVersion", "string"), ("kind", "string"), ("name", "string"), ("uid", "types.UID") })
                {
                    ExpectString(descriptor, reference[field], "OwnerReference", "metadata.ownerReferences." + field, type);
                }

                foreach (var field in new[] { "controller", "blockOwnerDeletion" })
                {
                    if (reference[field] is { } flag && !(flag is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False))
                    {
                        throw DecodeError(descriptor, flag, "OwnerReference", "metadata.ownerReferences." + field, "bool");
                    }
                }
            }

            // A null entry decodes to an empty reference, which validation then rejects field by field.
            for (var i = 0; i < list.Count; i++)
            {
                list[i] ??= new JsonObject();
            }
        }
    }

    private static void CheckStringMap(ResourceDescriptor descriptor, JsonObject metadata, string field)
    {
        if (metadata[field] is not { } node)
        {
            return;
        }

        var map = node as JsonObject ?? throw DecodeError(descriptor, node, "ObjectMeta", "metadata." + field, "map[string]string");
        foreach (var (key, value) in map.ToList())
        {
            ExpectString(descriptor, value, "ObjectMeta", "metadata." + field, "string");

            // JSON null decodes to Go's empty string.
            map[key] ??= string.Empty;
        }
    }

    private static void ExpectString(ResourceDescriptor descriptor, JsonNode? node, string goStruct, string path, string goType)
    {
        if (node is not null && !(node is JsonValue v && v.GetValueKind() == JsonValueKind.String))
        {
            throw DecodeError(descriptor, node, goStruct, path, goType);
        }
    }

    /// <summary>The apiserver's decode failure: <c>Kind in version "v" cannot be handled as a Kind: json: cannot unmarshal ...</c>.</summary>
    private static ApiException DecodeError(ResourceDescriptor descriptor, JsonNode node, string goStruct, string path, string goType)
    {
        var found = node.GetValueKind() switch
        {
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "bool",
            _ => "number",
        };
        return ApiException.BadRequest(
            $"{descriptor.Kind} in version \"{descriptor.Version}\" cannot be handled as a {descriptor.Kind}: json: cannot unmarshal {found} into Go struct field {goStruct}.{path} of type {goType}");
    }

    private static void ValidateLabels(JsonObject? labels, List<FieldError> errors)
    {
        foreach (var (key, node) in labels ?? [])
        {
            errors.AddRange(QualifiedNameErrors(key).Select(e => FieldErrors.Invalid("metadata.labels", key, e)));
            var value = node!.GetValue<string>();
            if (value.Length > 63)
            {
                errors.Add(FieldErrors.Invalid("metadata.labels", value, "must be no more than 63 characters"));
            }

            if (!LabelValueRegex().IsMatch(value))
            {
                errors.Add(FieldErrors.Invalid("metadata.labels", value, LabelValueError));
            }
        }
    }

    private static void ValidateAnnotations(JsonObject? annotations, List<FieldError> errors)
    {
        long total = 0;
        foreach (var (key, node) in annotations ?? [])
        {
            errors.AddRange(QualifiedNameErrors(key.ToLowerInvariant()).Select(e => FieldErrors.Invalid("metadata.annotations", key, e)));
            total += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(node!.GetValue<string>());
        }

        if (total > TotalAnnotationSizeLimit)
        {
            errors.Add(FieldErrors.TooLong("metadata.annotations", string.Empty, TotalAnnotationSizeLimit));
        }
    }

    private static void ValidateFinalizers(JsonArray? finalizers, List<FieldError> errors)
    {
        var names = (finalizers ?? []).Select(f => f?.GetValue<string>() ?? string.Empty).ToList();
        foreach (var name in names)
        {
            errors.AddRange(QualifiedNameErrors(name).Select(e => FieldErrors.Invalid("metadata.finalizers", name, e)));
        }

        if (names.Contains("orphan") && names.Contains("foregroundDeletion"))
        {
            var rendered = "[]string{" + string.Join(", ", names.Select(GoFormat.Quote)) + "}";
            errors.Add(FieldErrors.InvalidRendered("metadata.finalizers", rendered, "finalizer orphan and foregroundDeletion cannot be both set"));
        }
    }

    private static void ValidateOwnerReferences(JsonArray? references, List<FieldError> errors)
    {
        string? firstController = null;
        foreach (var reference in (references ?? []).OfType<JsonObject>())
        {
            var apiVersion = Meta.String(reference, "apiVersion") ?? string.Empty;
            var kind = Meta.String(reference, "kind") ?? string.Empty;
            var name = Meta.String(reference, "name") ?? string.Empty;
            var parts = apiVersion.Split('/');
            var version = parts.Length switch { 1 => parts[0], 2 => parts[1], _ => string.Empty };
            if (version.Length == 0)
            {
                errors.Add(FieldErrors.Invalid("metadata.ownerReferences.apiVersion", apiVersion, "version must not be empty"));
            }

            foreach (var (field, value) in new[] { ("kind", kind), ("name", name), ("uid", Meta.String(reference, "uid") ?? string.Empty) })
            {
                if (value.Length == 0)
                {
                    errors.Add(FieldErrors.Invalid("metadata.ownerReferences." + field, value, "must not be empty"));
                }
            }

            if (reference["controller"] is JsonValue controller && controller.GetValueKind() == JsonValueKind.True)
            {
                var current = kind + "/" + name;
                if (firstController is null)
                {
                    firstController = current;
                }
                else
                {
                    errors.Add(FieldErrors.InvalidRendered(
                        "metadata.ownerReferences",
                        GoFormat.GoSyntax(references),
                        string.Create(CultureInfo.InvariantCulture, $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController} and {current}")));
                }
            }
        }
    }

    private static string RegexError(string message, string format, params string[] examples) =>
        message + " (e.g. " + string.Join(" or ", examples.Select(e => $"'{e}', ")) + $"regex used for validation is '{format}')";

    [GeneratedRegex("^" + QualifiedNameFormat + "$")]
    private static partial Regex QualifiedNameRegex();

    [GeneratedRegex("^" + LabelValueFormat + "$")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^" + SubdomainFormat + "$")]
    private static partial Regex SubdomainRegex();
}
