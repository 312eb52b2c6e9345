using System.Text.RegularExpressions;

namespace AcrOperator.Tests.Api;

/// <summary>
/// Checks a decoded object against a CRD's structural openAPIV3Schema the way the API server does with
/// strict field validation: types, required fields, unknown fields, enums, patterns, bounds, list types,
/// maps (additionalProperties), int-or-string and preserve-unknown-fields. Errors read like the API
/// server's: <c>spec.sku: Unsupported value: "Gold": supported values: "Basic", ...</c>.
/// CEL rules are not evaluated here; see <see cref="CelRuleEvaluator"/>.
/// </summary>
internal static class StructuralSchemaValidator
{
    /// <summary>Validates a whole custom resource; its metadata is the API server's own business.</summary>
    public static IReadOnlyList<string> ValidateResource(Dictionary<string, object?> schema, Dictionary<string, object?> resource)
    {
        var errors = new List<string>();
        Validate(schema, resource.Where(p => p.Key != "metadata").ToDictionary(), "", errors);
        return errors;
    }

    public static IReadOnlyList<string> Validate(Dictionary<string, object?> schema, object? value)
    {
        var errors = new List<string>();
        Validate(schema, value, "", errors);
        return errors;
    }

    private static void Validate(Dictionary<string, object?> schema, object? value, string path, List<string> errors)
    {
        if (value is null)
        {
            if (!Flag(schema, "nullable"))
            {
                errors.Add($"{path}: Invalid value: null: must not be null");
            }

            return;
        }

        if (Flag(schema, "x-kubernetes-int-or-string"))
        {
            if (value is not (long or string))
            {
                errors.Add($"{path}: Invalid value: {PlainTree.Show(value)}: must be an integer or a string");
                return;
            }
        }
        else if (schema.GetValueOrDefault("type") is string type && !HasType(value, type))
        {
            errors.Add($"{path}: Invalid value: {PlainTree.Show(value)}: must be of type {type}");
            return;
        }

        if (schema.GetValueOrDefault("enum") is List<object?> allowed && !allowed.Any(a => Equals(a, value)))
        {
            errors.Add($"{path}: Unsupported value: {PlainTree.Show(value)}: supported values: {string.Join(", ", allowed.Select(PlainTree.Show))}");
            return;
        }

        switch (value)
        {
            case string text:
                ValidateString(schema, text, path, errors);
                break;
            case long or double:
                ValidateNumber(schema, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), path, errors);
                break;
            case List<object?> list:
                ValidateList(schema, list, path, errors);
                break;
            case Dictionary<string, object?> map:
                ValidateObject(schema, map, path, errors);
                break;
        }
    }

    private static bool HasType(object value, string type) => type switch
    {
        "object" => value is Dictionary<string, object?>,
        "array" => value is List<object?>,
        "string" => value is string,
        "integer" => value is long,
        "number" => value is long or double,
        "boolean" => value is bool,
        _ => throw new NotSupportedException($"schema type {type}"),
    };

    private static void ValidateString(Dictionary<string, object?> schema, string text, string path, List<string> errors)
    {
        if (Number(schema, "minLength") is { } min && text.Length < min)
        {
            errors.Add($"{path}: Invalid value: \"{text}\": should be at least {min} chars long");
        }

        if (Number(schema, "maxLength") is { } max && text.Length > max)
        {
            errors.Add($"{path}: Too long: may not be more than {max} bytes");
        }

        if (schema.GetValueOrDefault("pattern") is string pattern && !Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant))
        {
            errors.Add($"{path}: Invalid value: \"{text}\": should match '{pattern}'");
        }
    }

    private static void ValidateNumber(Dictionary<string, object?> schema, double number, string path, List<string> errors)
    {
        if (Number(schema, "minimum") is { } min && number < min)
        {
            errors.Add($"{path}: Invalid value: {number}: should be greater than or equal to {min}");
        }

        if (Number(schema, "maximum") is { } max && number > max)
        {
            errors.Add($"{path}: Invalid value: {number}: should be less than or equal to {max}");
        }
    }

    private static void ValidateList(Dictionary<string, object?> schema, List<object?> list, string path, List<string> errors)
    {
        if (Number(schema, "minItems") is { } min && list.Count < min)
        {
            errors.Add($"{path}: Invalid value: {list.Count}: should have at least {min} items");
        }

        if (Number(schema, "maxItems") is { } max && list.Count > max)
        {
            errors.Add($"{path}: Too many: {list.Count}: must have at most {max} items");
        }

        var items = schema.GetValueOrDefault("items") as Dictionary<string, object?>;
        for (var i = 0; i < list.Count; i++)
        {
            if (items is not null)
            {
                Validate(items, list[i], $"{path}[{i}]", errors);
            }
        }

        // Uniqueness as x-kubernetes-list-type promises it: whole values for a set, key fields for a map.
        Func<object?, string>? identity = schema.GetValueOrDefault("x-kubernetes-list-type") switch
        {
            "set" => PlainTree.Show,
            "map" when schema.GetValueOrDefault("x-kubernetes-list-map-keys") is List<object?> keys =>
                item => string.Join(",", keys.Select(k => PlainTree.Show((item as Dictionary<string, object?>)?.GetValueOrDefault((string)k!)))),
            _ => null,
        };
        if (identity is not null)
        {
            foreach (var duplicate in list.Select((item, i) => (Key: identity(item), Index: i)).GroupBy(x => x.Key).Where(g => g.Count() > 1))
            {
                errors.Add($"{path}[{duplicate.Skip(1).First().Index}]: Duplicate value: {duplicate.Key}");
            }
        }
    }

    private static void ValidateObject(Dictionary<string, object?> schema, Dictionary<string, object?> map, string path, List<string> errors)
    {
        var properties = schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
        var additional = schema.GetValueOrDefault("additionalProperties") as Dictionary<string, object?>;
        var preserveUnknown = Flag(schema, "x-kubernetes-preserve-unknown-fields");

        if (schema.GetValueOrDefault("required") is List<object?> required)
        {
            foreach (var name in required.Cast<string>().Where(name => !map.ContainsKey(name)))
            {
                errors.Add($"{PlainTree.Join(path, name)}: Required value");
            }
        }

        if (Number(schema, "maxProperties") is { } max && map.Count > max)
        {
            errors.Add($"{path}: Too many: {map.Count}: must have at most {max} items");
        }

        foreach (var (key, value) in map)
        {
            if (properties.GetValueOrDefault(key) is Dictionary<string, object?> property)
            {
                Validate(property, value, PlainTree.Join(path, key), errors);
            }
            else if (additional is not null)
            {
                Validate(additional, value, $"{path}[{key}]", errors);
            }
            else if (!preserveUnknown)
            {
                errors.Add($"{PlainTree.Join(path, key)}: Unknown field");
            }
        }
    }

    private static bool Flag(Dictionary<string, object?> schema, string name) => schema.GetValueOrDefault(name) is true;

    private static double? Number(Dictionary<string, object?> schema, string name) =>
        schema.GetValueOrDefault(name) is { } value and (long or double) ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : null;
}
