using System.Reflection;
using System.Text.Json.Serialization;
using AcrOperator.Api.Generation;
using k8s;
using k8s.Models;

namespace AcrOperator.Tests.Api;

/// <summary>
/// The C# types and the checked-in schemas describe the same fields: every property has a schema
/// property of the same JSON name and vice versa, and every enum serializes to the schema's values.
/// </summary>
public sealed class SchemaCoverageTests
{
    public static TheoryData<Type> Kinds => [.. CrdGenerator.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Csharp_properties_and_schema_properties_match(Type kind)
    {
        var mismatches = new List<string>();
        var entity = kind.GetCustomAttribute<KubernetesEntityAttribute>()!;

        Compare(kind, ApiFixtures.Schema(entity.Kind), "", mismatches);

        Assert.Empty(mismatches);
    }

    private static void Compare(Type type, Dictionary<string, object?> schema, string path, List<string> mismatches)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(V1ObjectMeta))
        {
            return;
        }

        if (type.IsEnum)
        {
            var expected = (List<object?>)schema["enum"]!;
            var json = Enum.GetValues(type).Cast<object>().Select(v => (object?)KubernetesJson.Serialize(v).Trim('"')).ToList();
            var yaml = Enum.GetValues(type).Cast<object>().Select(v => (object?)KubernetesYaml.Serialize(v).Trim().Trim('"')).ToList();
            if (!json.SequenceEqual(expected) || !yaml.SequenceEqual(expected))
            {
                mismatches.Add($"{path}: enum values are [{string.Join(", ", expected)}] in the schema, [{string.Join(", ", json)}] in JSON, [{string.Join(", ", yaml)}] in YAML");
            }

            return;
        }

        if (type != typeof(string) && Element(type, typeof(IDictionary<,>), 1) is { } valueType)
        {
            Compare(valueType, (Dictionary<string, object?>)schema["additionalProperties"]!, path + "[*]", mismatches);
            return;
        }

        if (type != typeof(string) && Element(type, typeof(IList<>), 0) is { } itemType)
        {
            Compare(itemType, (Dictionary<string, object?>)schema["items"]!, path + "[*]", mismatches);
            return;
        }

        if (!type.IsClass || type == typeof(string))
        {
            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? $"<{p.Name} has no JSON name>");
        var schemaProperties = schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];

        mismatches.AddRange(properties.Keys.Except(schemaProperties.Keys).Select(name => $"{PlainTree.Join(path, name)}: in C# but not in the schema"));
        mismatches.AddRange(schemaProperties.Keys.Except(properties.Keys).Select(name => $"{PlainTree.Join(path, name)}: in the schema but not in C#"));
        foreach (var (name, property) in properties.Where(p => schemaProperties.ContainsKey(p.Key)))
        {
            Compare(property.PropertyType, (Dictionary<string, object?>)schemaProperties[name]!, PlainTree.Join(path, name), mismatches);
        }
    }

    private static Type? Element(Type type, Type openInterface, int argument) =>
        new[] { type }.Concat(type.GetInterfaces())
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)
            ?.GetGenericArguments()[argument];
}
