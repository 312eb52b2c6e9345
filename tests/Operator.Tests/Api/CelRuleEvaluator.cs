using System.Collections.Concurrent;
using Cel;
using Google.Protobuf.Reflection;

namespace AcrOperator.Tests.Api;

/// <summary>
/// Evaluates a schema's <c>x-kubernetes-validations</c> with the Cel package, as the API server would on
/// a create (no old object) or an update. Like the API server, it runs a transition rule (one that reads
/// <c>oldSelf</c>) only where both the old and the new value exist, and correlates old and new values
/// through object fields, map keys and the keys of <c>x-kubernetes-list-type: map</c> lists.
/// The Cel package has no Kubernetes CEL libraries and no optionals, and does not type-check against the
/// schema, so "compiles" here means "parses"; the rules avoid what it lacks.
/// </summary>
internal static class CelRuleEvaluator
{
    private static readonly CelEnvironment Environment = new(Array.Empty<FileDescriptor>(), null);

    private static readonly ConcurrentDictionary<string, CelProgramDelegate> Programs = new(StringComparer.Ordinal);

    /// <summary>Every rule in the schema, with the path of the node it sits on.</summary>
    public static IEnumerable<(string Path, Dictionary<string, object?> Rule)> Rules(Dictionary<string, object?> schema, string path = "")
    {
        foreach (var rule in (schema.GetValueOrDefault("x-kubernetes-validations") as List<object?> ?? []).Cast<Dictionary<string, object?>>())
        {
            yield return (path, rule);
        }

        var children = (schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [])
            .Select(p => (Path: PlainTree.Join(path, p.Key), Schema: p.Value))
            .Append((Path: path + "[*]", Schema: schema.GetValueOrDefault("items")))
            .Append((Path: path + "[*]", Schema: schema.GetValueOrDefault("additionalProperties")));
        foreach (var (childPath, child) in children)
        {
            if (child is Dictionary<string, object?> childSchema)
            {
                foreach (var nested in Rules(childSchema, childPath))
                {
                    yield return nested;
                }
            }
        }
    }

    public static CelProgramDelegate Compile(string rule) => Programs.GetOrAdd(rule, Environment.Compile);

    /// <summary>Errors as <c>path: message</c>; <paramref name="oldValue"/> is null on a create.</summary>
    public static IReadOnlyList<string> Validate(Dictionary<string, object?> schema, object? value, object? oldValue)
    {
        var errors = new List<string>();
        Validate(schema, value, oldValue, "", errors);
        return errors;
    }

    private static void Validate(Dictionary<string, object?> schema, object? value, object? oldValue, string path, List<string> errors)
    {
        if (value is null)
        {
            return;
        }

        foreach (var rule in (schema.GetValueOrDefault("x-kubernetes-validations") as List<object?> ?? []).Cast<Dictionary<string, object?>>())
        {
            var text = (string)rule["rule"]!;
            if (text.Contains("oldSelf", StringComparison.Ordinal) && oldValue is null)
            {
                continue;
            }

            var result = Compile(text).Invoke(new Dictionary<string, object?> { ["self"] = value, ["oldSelf"] = oldValue });
            if (result is not true)
            {
                errors.Add($"{path}{rule.GetValueOrDefault("fieldPath")}: {rule.GetValueOrDefault("message") ?? $"failed rule: {text}"}");
            }
        }

        switch (value)
        {
            case Dictionary<string, object?> map:
                var properties = schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
                var additional = schema.GetValueOrDefault("additionalProperties") as Dictionary<string, object?>;
                var oldMap = oldValue as Dictionary<string, object?>;
                foreach (var (key, child) in map)
                {
                    var childSchema = properties.GetValueOrDefault(key) as Dictionary<string, object?> ?? additional;
                    if (childSchema is not null)
                    {
                        var childPath = properties.ContainsKey(key) ? PlainTree.Join(path, key) : $"{path}[{key}]";
                        Validate(childSchema, child, oldMap?.GetValueOrDefault(key), childPath, errors);
                    }
                }

                break;
            case List<object?> list when schema.GetValueOrDefault("items") is Dictionary<string, object?> items:
                for (var i = 0; i < list.Count; i++)
                {
                    Validate(items, list[i], OldListItem(schema, list[i], oldValue as List<object?>), $"{path}[{i}]", errors);
                }

                break;
        }
    }

    // Only map-type lists correlate items between old and new; items of other lists have no oldSelf.
    private static Dictionary<string, object?>? OldListItem(Dictionary<string, object?> schema, object? item, List<object?>? oldList)
    {
        if (oldList is null || schema.GetValueOrDefault("x-kubernetes-list-map-keys") is not List<object?> keys)
        {
            return null;
        }

        var newItem = (Dictionary<string, object?>)item!;
        return oldList.Cast<Dictionary<string, object?>>().FirstOrDefault(old =>
            keys.Cast<string>().All(key => Equals(old.GetValueOrDefault(key), newItem.GetValueOrDefault(key))));
    }
}
