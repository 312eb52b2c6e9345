using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>
/// kube-openapi's schema validation as apiextensions-apiserver converts its results to field errors
/// (<c>kubeOpenAPIResultToFieldErrors</c>), followed by the x-kubernetes-list-type invariants
/// (<c>structurallisttype.ValidateListSetsAndMaps</c>). Paths follow kube-openapi: <c>spec.items[0].name</c>, map values as <c>spec.tags.key</c>.
/// </summary>
internal sealed class OpenApiValidator
{
    private readonly List<FieldError> schemaErrors = [];
    private readonly List<FieldError> listErrors = [];

    private OpenApiValidator()
    {
    }

    public static IReadOnlyList<FieldError> Validate(SchemaNode schema, JsonNode? value, string path)
    {
        var validator = new OpenApiValidator();
        validator.Check(schema, value, path);
        return [.. validator.schemaErrors, .. validator.listErrors];
    }

    private void Check(SchemaNode s, JsonNode? value, string path)
    {
        if (value is null)
        {
            if (!s.Nullable && s.TypeForMessages is { } expected)
            {
                schemaErrors.Add(FieldErrors.TypeInvalid(path, "null", $"{path} in body must be of type {expected}: \"null\""));
            }

            return;
        }

        var actual = JsonValues.TypeName(value);
        if (s.TypeForMessages is { } type && !TypeMatches(s, value, actual))
        {
            schemaErrors.Add(FieldErrors.TypeInvalid(path, actual, $"{path} in body must be of type {type}: {GoFormat.Quote(actual)}"));
            return;
        }

        if (s.Enum is { } allowed && !allowed.Any(a => JsonValues.DeepEquals(a, value)))
        {
            schemaErrors.Add(FieldErrors.NotSupported(path, value, allowed.Select(a => JsonValues.AsString(a) ?? a?.ToJsonString() ?? "null")));
        }

        switch (value)
        {
            case JsonObject obj:
                CheckObject(s, obj, path);
                break;
            case JsonArray array:
                CheckArray(s, array, path);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                CheckString(s, scalar, scalar.GetValue<string>(), path);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.Number:
                CheckNumber(s, scalar, path);
                break;
        }

        CheckJunctors(s, value, path);
    }

    private static bool TypeMatches(SchemaNode s, JsonNode value, string actual)
    {
        var wholeNumber = actual == "number" && JsonValues.IsWholeNumber((JsonValue)value);
        if (s.IntOrString)
        {
            return actual is "integer" or "string" || wholeNumber;
        }

        return s.Type switch
        {
            "integer" => actual == "integer" || wholeNumber,
            "number" => actual is "integer" or "number",
            _ => s.Type == actual,
        };
    }

    private void CheckString(SchemaNode s, JsonValue value, string text, string path)
    {
        if (s.Format is { } format && !StringFormats.IsValid(format, text))
        {
            schemaErrors.Add(FieldErrors.TypeInvalid(path, value, $"{path} in body must be of type {format}: {GoFormat.Quote(text)}"));
        }

        // kube-openapi counts runes, not UTF-16 units or bytes.
        var length = text.EnumerateRunes().Count();
        if (s.MaxLength is { } max && length > max)
        {
            schemaErrors.Add(FieldErrors.TooLong(path, value, max));
        }

        if (s.MinLength is { } min && length < min)
        {
            schemaErrors.Add(FieldErrors.Invalid(path, value, $"{path} in body should be at least {min.ToString(CultureInfo.InvariantCulture)} chars long"));
        }

        if (s.PatternRegex is { } regex && !regex.IsMatch(text))
        {
            schemaErrors.Add(FieldErrors.Invalid(path, value, $"{path} in body should match '{s.Pattern}'"));
        }
    }

    private void CheckNumber(SchemaNode s, JsonValue value, string path)
    {
        var number = JsonValues.Number(value);
        if (s.MultipleOf is { } factor && factor != 0 && !double.IsInteger(number / factor))
        {
            schemaErrors.Add(FieldErrors.Invalid(path, value, $"{path} in body should be a multiple of {GoFormat.Float(factor)}"));
        }

        if (s.Maximum is { } max && (s.ExclusiveMaximum ? number >= max : number > max))
        {
            var relation = s.ExclusiveMaximum ? "less than" : "less than or equal to";
            schemaErrors.Add(FieldErrors.Invalid(path, value, $"{path} in body should be {relation} {GoFormat.Float(max)}"));
        }

        if (s.Minimum is { } min && (s.ExclusiveMinimum ? number <= min : number < min))
        {
            var relation = s.ExclusiveMinimum ? "greater than" : "greater than or equal to";
            schemaErrors.Add(FieldErrors.Invalid(path, value, $"{path} in body should be {relation} {GoFormat.Float(min)}"));
        }
    }

    private void CheckArray(SchemaNode s, JsonArray array, string path)
    {
        if (s.MinItems is { } min && array.Count < min)
        {
            schemaErrors.Add(FieldErrors.Invalid(path, array.Count, $"{path} in body should have at least {min.ToString(CultureInfo.InvariantCulture)} items"));
        }

        if (s.MaxItems is { } max && array.Count > max)
        {
            schemaErrors.Add(FieldErrors.TooMany(path, array.Count, max));
        }

        if (s.UniqueItems && HasDuplicates(array))
        {
            schemaErrors.Add(FieldErrors.Invalid(path, "", $"{path} in body shouldn't contain duplicates"));
        }

        if (s.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Check(items, array[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]");
            }
        }

        CheckListType(s, array, path);
    }

    private void CheckObject(SchemaNode s, JsonObject obj, string path)
    {
        foreach (var name in s.Required.Where(name => !obj.ContainsKey(name)))
        {
            schemaErrors.Add(FieldErrors.Required(JsonValues.Child(path, name)));
        }

        if (s.MaxProperties is { } max && obj.Count > max)
        {
            schemaErrors.Add(FieldErrors.TooMany(path, obj.Count, max));
        }

        if (s.MinProperties is { } min && obj.Count < min)
        {
            schemaErrors.Add(FieldErrors.Invalid(path, obj.Count, $"{path} in body should have at least {min.ToString(CultureInfo.InvariantCulture)} properties"));
        }

        foreach (var (key, child) in obj)
        {
            if (s.Child(key) is { } childSchema)
            {
                Check(childSchema, child, JsonValues.Child(path, key));
            }
        }
    }

    private void CheckJunctors(SchemaNode s, JsonNode value, string path)
    {
        foreach (var sub in s.AllOf)
        {
            schemaErrors.AddRange(Validate(sub, value, path));
        }

        if (s.AnyOf.Count > 0 && !s.AnyOf.Any(sub => Validate(sub, value, path).Count == 0))
        {
            schemaErrors.Add(FieldErrors.Invalid(path, "", $"{path} must validate at least one schema (anyOf)"));
        }

        if (s.OneOf.Count > 0 && s.OneOf.Count(sub => Validate(sub, value, path).Count == 0) != 1)
        {
            schemaErrors.Add(FieldErrors.Invalid(path, "", $"{path} must validate one and only one schema (oneOf)"));
        }

        if (s.Not is { } not && Validate(not, value, path).Count == 0)
        {
            schemaErrors.Add(FieldErrors.Invalid(path, "", $"{path} must not validate the schema (not)"));
        }
    }

    // Sets must hold unique values and maps unique key tuples; each later occurrence is reported with the whole item.
    private void CheckListType(SchemaNode s, JsonArray array, string path)
    {
        Func<JsonNode?, JsonNode?>? identity = s.ListType switch
        {
            "set" => item => item,
            "map" when s.ListMapKeys.Count > 0 => item => new JsonArray([.. s.ListMapKeys.Select(k => (item as JsonObject)?[k]?.DeepClone())]),
            _ => null,
        };
        if (identity is null)
        {
            return;
        }

        var seen = new List<JsonNode?>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is null)
            {
                continue;
            }

            if (s.ListType == "map" && array[i] is not JsonObject)
            {
                listErrors.Add(FieldErrors.TypeInvalid($"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", array[i], "must be an object for an array of list-type map"));
                continue;
            }

            var key = identity(array[i]);
            if (seen.Any(k => JsonValues.DeepEquals(k, key)))
            {
                listErrors.Add(FieldErrors.Duplicate($"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", array[i]));
            }
            else
            {
                seen.Add(key);
            }
        }
    }

    private static bool HasDuplicates(JsonArray array)
    {
        for (var i = 0; i < array.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (JsonValues.DeepEquals(array[i], array[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
