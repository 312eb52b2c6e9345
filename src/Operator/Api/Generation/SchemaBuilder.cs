using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using AcrOperator.Api.Schema;
using k8s.Models;

namespace AcrOperator.Api.Generation;

/// <summary>
/// Builds a structural openAPIV3Schema from an API type by reflection: CLR types give the shape,
/// DataAnnotations and the attributes in <see cref="Schema"/> give descriptions and validation.
/// </summary>
internal static class SchemaBuilder
{
    private static readonly Dictionary<string, string> RootFieldDescriptions = new(StringComparer.Ordinal)
    {
        ["apiVersion"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.",
        ["kind"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. In CamelCase.",
    };

    /// <summary>The schema of a whole custom resource of the given kind.</summary>
    public static V1JSONSchemaProps ForKind(Type kind)
    {
        var schema = ForObject(kind, isRoot: true);
        schema.Description = Description(kind)
            ?? throw new InvalidOperationException($"{kind.Name} has no [Description].");
        return schema;
    }

    private static V1JSONSchemaProps ForObject(Type type, bool isRoot = false)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => (Name: JsonNames.Of(p), Property: p))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToList();

        var required = properties
            .Where(p => p.Property.GetCustomAttribute<RequiredAttribute>() is not null)
            .Select(p => p.Name)
            .ToList();

        return new V1JSONSchemaProps
        {
            Type = "object",
            Properties = properties.ToDictionary(
                p => p.Name,
                p => ForProperty(p.Property, isRoot ? RootFieldDescriptions.GetValueOrDefault(p.Name) : null),
                StringComparer.Ordinal),
            Required = required.Count > 0 ? required : null,
            XKubernetesValidations = Rules(type.GetCustomAttributes<CelRuleAttribute>()),
        };
    }

    private static V1JSONSchemaProps ForProperty(PropertyInfo property, string? fallbackDescription)
    {
        var schema = ForType(property.PropertyType);
        schema.Description = Description(property) ?? fallbackDescription;
        if (schema.Description is null && property.PropertyType != typeof(V1ObjectMeta))
        {
            // kubectl explain shows these descriptions; an undocumented field is a bug in the API.
            throw new InvalidOperationException($"{property.DeclaringType!.Name}.{property.Name} has no [Description].");
        }

        ApplyBounds(property, schema);
        ApplyItems(property, schema);

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } regex)
        {
            schema.Pattern = regex.Pattern;
        }

        if (property.GetCustomAttribute<ListTypeAttribute>() is { } listType)
        {
            schema.XKubernetesListType = listType.Type;
            schema.XKubernetesListMapKeys = listType.MapKeys.Count > 0 ? [.. listType.MapKeys] : null;
        }

        if (property.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } value })
        {
            schema.DefaultProperty = value.GetType().IsEnum ? JsonNames.EnumValue(value) : value;
        }

        var rules = Rules(property.GetCustomAttributes<CelRuleAttribute>());
        if (rules is not null)
        {
            schema.XKubernetesValidations = [.. schema.XKubernetesValidations ?? [], .. rules];
        }

        return schema;
    }

    private static V1JSONSchemaProps ForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;

        if (KnownSchemas.For(type) is { } known)
        {
            return known;
        }

        if (type == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(int))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (type == typeof(DateTime))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (type.IsEnum)
        {
            return new V1JSONSchemaProps { Type = "string", EnumProperty = [.. JsonNames.EnumValues(type)] };
        }

        if (GenericArgument(type, typeof(IDictionary<,>)) is { } dictionary)
        {
            if (dictionary.GetGenericArguments()[0] != typeof(string))
            {
                throw new NotSupportedException($"Map keys must be strings: {type}.");
            }

            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = ForType(dictionary.GetGenericArguments()[1]) };
        }

        if (GenericArgument(type, typeof(IList<>)) is { } list)
        {
            return new V1JSONSchemaProps { Type = "array", Items = ForType(list.GetGenericArguments()[0]) };
        }

        if (type.IsClass && type.Namespace == typeof(V1Alpha1.GroupVersion).Namespace)
        {
            return ForObject(type);
        }

        throw new NotSupportedException($"No schema mapping for {type}.");
    }

    // DataAnnotations bound "length" without saying of what; the schema keyword depends on the shape.
    private static void ApplyBounds(PropertyInfo property, V1JSONSchemaProps schema)
    {
        if (property.GetCustomAttribute<StringLengthAttribute>() is { } length)
        {
            schema.MaxLength = length.MaximumLength;
            schema.MinLength = length.MinimumLength > 0 ? length.MinimumLength : null;
        }

        var min = property.GetCustomAttribute<MinLengthAttribute>()?.Length;
        var max = property.GetCustomAttribute<MaxLengthAttribute>()?.Length;
        switch (schema.Type)
        {
            case "array":
                schema.MinItems = min;
                schema.MaxItems = max;
                break;
            case "object":
                schema.MinProperties = min;
                schema.MaxProperties = max;
                break;
            default:
                schema.MinLength ??= min;
                schema.MaxLength ??= max;
                break;
        }

        // Range's int.MinValue and int.MaxValue stand for "no bound" on that side.
        if (property.GetCustomAttribute<RangeAttribute>() is { Minimum: int minimum, Maximum: int maximum })
        {
            schema.Minimum = minimum == int.MinValue ? null : minimum;
            schema.Maximum = maximum == int.MaxValue ? null : maximum;
        }
    }

    private static void ApplyItems(PropertyInfo property, V1JSONSchemaProps schema)
    {
        if (property.GetCustomAttribute<ItemsAttribute>() is not { } items)
        {
            return;
        }

        var element = (schema.Items ?? schema.AdditionalProperties) as V1JSONSchemaProps
            ?? throw new InvalidOperationException($"[Items] on {property.DeclaringType!.Name}.{property.Name}, which is neither a list nor a map.");
        element.Pattern = items.Pattern;
        element.MinLength = items.MinLength > 0 ? items.MinLength : null;
        element.MaxLength = items.MaxLength > 0 ? items.MaxLength : null;
    }

    private static List<V1ValidationRule>? Rules(IEnumerable<CelRuleAttribute> attributes)
    {
        var rules = attributes
            .Select(a => new V1ValidationRule { Rule = a.Rule, Message = a.Message, FieldPath = a.FieldPath })
            .ToList();
        return rules.Count > 0 ? rules : null;
    }

    private static string? Description(MemberInfo member) => member.GetCustomAttribute<DescriptionAttribute>()?.Description;

    private static Type? GenericArgument(Type type, Type openInterface) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == openInterface
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface);
}
