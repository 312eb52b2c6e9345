using System.Globalization;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>
/// Evaluates <c>x-kubernetes-validations</c> as apiextensions-apiserver's cel.Validator does: every rule on every
/// present value, transition rules (those reading <c>oldSelf</c>) only where the old value correlates (object fields,
/// map keys, map-list keys), and failures as <c>field.Invalid(path, schemaType, message)</c> or the rule's reason.
/// Paths follow field.Path: <c>spec.tags[key]</c>, <c>spec.rules[0]</c>.
/// </summary>
internal sealed class CelValidator
{
    private readonly List<FieldError> errors = [];

    private CelValidator()
    {
    }

    public static IReadOnlyList<FieldError> Validate(SchemaNode schema, JsonNode? value, JsonNode? old, bool hasOld)
    {
        var validator = new CelValidator();
        validator.Check(schema, value, old, hasOld, "");
        return validator.errors;
    }

    private void Check(SchemaNode s, JsonNode? value, JsonNode? old, bool hasOld, string path)
    {
        if (value is null)
        {
            return;
        }

        if (s.Rules.Count > 0)
        {
            var self = JsonValues.ToPlain(value);
            var oldSelf = hasOld ? JsonValues.ToPlain(old) : null;
            foreach (var rule in s.Rules.Where(r => !r.IsTransition || (hasOld && old is not null)))
            {
                Evaluate(s, rule, self, oldSelf, path);
            }
        }

        switch (value)
        {
            case JsonObject obj:
                var oldObj = old as JsonObject;
                foreach (var (key, child) in obj)
                {
                    if (s.Properties.TryGetValue(key, out var property))
                    {
                        Check(property, child, oldObj?[key], oldObj?.ContainsKey(key) == true, JsonValues.Child(path, key));
                    }
                    else if (s.AdditionalProperties is { } additional)
                    {
                        Check(additional, child, oldObj?[key], oldObj?.ContainsKey(key) == true, $"{path}[{key}]");
                    }
                }

                break;
            case JsonArray array when s.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    var oldItem = OldListItem(s, array[i], old as JsonArray);
                    Check(items, array[i], oldItem, oldItem is not null, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]");
                }

                break;
        }
    }

    private void Evaluate(SchemaNode s, ValidationRule rule, object? self, object? oldSelf, string path)
    {
        var errorPath = path + (rule.FieldPath is { Length: > 0 } fieldPath ? (path.Length == 0 ? fieldPath.TrimStart('.') : fieldPath) : "");
        JsonNode schemaType = s.Type ?? "";
        var program = CelPrograms.TryCompile(rule.Rule, out var compileError);
        if (program is null)
        {
            errors.Add(FieldErrors.Invalid(path, schemaType, $"rule compile error: {compileError}"));
            return;
        }

        object? result;
        try
        {
            result = CelPrograms.Run(program, self, oldSelf);
        }
#pragma warning disable CA1031 // A runtime error in a rule is a validation failure to report, as on the API server.
        catch (Exception e)
#pragma warning restore CA1031
        {
            errors.Add(FieldErrors.Invalid(path, schemaType, $"{e.Message.Trim()} evaluating rule: {RuleErrorString(rule)}"));
            return;
        }

        if (result is true)
        {
            return;
        }

        if (result is not false)
        {
            errors.Add(FieldErrors.Invalid(path, schemaType, $"'no such overload': call arguments did not match a supported operator, function or macro signature for rule: {RuleErrorString(rule)}"));
            return;
        }

        var message = MessageFor(rule, self, oldSelf);
        errors.Add(rule.Reason switch
        {
            "FieldValueForbidden" => FieldErrors.Forbidden(errorPath, message),
            "FieldValueRequired" => FieldErrors.Required(errorPath, message),
            "FieldValueDuplicate" => FieldErrors.Duplicate(errorPath, schemaType),
            _ => FieldErrors.Invalid(errorPath, schemaType, message),
        });
    }

    // messageExpression wins when it yields a non-empty single-line string; otherwise message, otherwise "failed rule: <rule>".
    private static string MessageFor(ValidationRule rule, object? self, object? oldSelf)
    {
        if (rule.MessageExpression is { } expression && CelPrograms.TryCompile(expression, out _) is { } program)
        {
            try
            {
                if (CelPrograms.Run(program, self, oldSelf) is string { Length: > 0 } text && !text.Contains('\n', StringComparison.Ordinal))
                {
                    return text;
                }
            }
#pragma warning disable CA1031 // The API server falls back to the static message when messageExpression fails.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        return rule.Message is { Length: > 0 } message ? message.Trim() : $"failed rule: {rule.Rule.Trim()}";
    }

    private static string RuleErrorString(ValidationRule rule) => rule.Message is { Length: > 0 } message ? message.Trim() : rule.Rule.Trim();

    // Only map-type lists correlate items between old and new; items of other lists have no oldSelf.
    private static JsonObject? OldListItem(SchemaNode s, JsonNode? item, JsonArray? oldList)
    {
        if (oldList is null || s.ListType != "map" || s.ListMapKeys.Count == 0 || item is not JsonObject newItem)
        {
            return null;
        }

        return oldList.OfType<JsonObject>().FirstOrDefault(oldItem => s.ListMapKeys.All(key => JsonValues.DeepEquals(oldItem[key], newItem[key])));
    }
}
