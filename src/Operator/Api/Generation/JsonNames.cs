using System.Reflection;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AcrOperator.Api.Generation;

/// <summary>
/// The wire names of API properties and enum members. The API is read by two serializers, System.Text.Json
/// (<c>KubernetesJson</c>, the wire) and YamlDotNet (<c>KubernetesYaml</c>, manifests); these methods
/// refuse declarations on which the two would disagree, so a mismatch fails generation, not a user.
/// </summary>
internal static class JsonNames
{
    /// <summary>The serialized name of an API property.</summary>
    public static string Of(PropertyInfo property)
    {
        var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
            ?? throw new InvalidOperationException($"{Describe(property)} has no [JsonPropertyName].");

        // KubernetesYaml maps non-k8s.Models types with a camelCase naming convention, ignoring
        // [JsonPropertyName]; the two agree only if the name is the camelCase of the C# name.
        if (name != JsonNamingPolicy.CamelCase.ConvertName(property.Name))
        {
            throw new InvalidOperationException(
                $"{Describe(property)} is serialized as '{name}', which YAML would read as '{JsonNamingPolicy.CamelCase.ConvertName(property.Name)}'; rename the property.");
        }

        return name;
    }

    /// <summary>The serialized values of an enum, in declaration order.</summary>
    public static IReadOnlyList<string> EnumValues(Type enumType) =>
        [.. enumType.GetFields(BindingFlags.Public | BindingFlags.Static).Select(EnumValue)];

    /// <summary>The serialized value of one enum member.</summary>
    public static string EnumValue(object value)
    {
        var field = value.GetType().GetField(value.ToString()!, BindingFlags.Public | BindingFlags.Static)
            ?? throw new ArgumentException($"{value} is not a named member of {value.GetType().Name}.", nameof(value));
        return EnumValue(field);
    }

    private static string EnumValue(FieldInfo field)
    {
        var json = field.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name;
        var yaml = field.GetCustomAttribute<EnumMemberAttribute>()?.Value;
        if (json != yaml)
        {
            throw new InvalidOperationException(
                $"{field.DeclaringType!.Name}.{field.Name} must carry [JsonStringEnumMemberName] and [EnumMember] with the same value, or neither.");
        }

        return json ?? field.Name;
    }

    private static string Describe(PropertyInfo property) => $"{property.DeclaringType!.Name}.{property.Name}";
}
