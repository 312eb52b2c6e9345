using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AcrOperator.Sandbox.Arm.Http;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// Checks shared by task definitions and run requests (platform, timeout, agent CPU, steps, values), including
/// array elements and discriminated unions that the declarative property rules cannot express.
/// Errors name the JSON path, as ACR's validation errors do.
/// </summary>
internal static class TaskRules
{
    public static readonly string[] Os = ["Windows", "Linux"];
    public static readonly string[] Architectures = ["amd64", "x86", "386", "arm", "arm64"];
    public static readonly string[] Variants = ["v6", "v7", "v8"];
    public static readonly string[] EnabledDisabled = ["Enabled", "Disabled"];

    /// <summary>Step types and the one field each requires; fields of other step types are refused.</summary>
    public static readonly IReadOnlyDictionary<string, (string Required, string[] Fields)> StepTypes = new Dictionary<string, (string, string[])>(StringComparer.OrdinalIgnoreCase)
    {
        ["Docker"] = ("dockerFilePath", ["dockerFilePath", "imageNames", "isPushEnabled", "noCache", "target", "arguments"]),
        ["FileTask"] = ("taskFilePath", ["taskFilePath", "valuesFilePath", "values"]),
        ["EncodedTask"] = ("encodedTaskContent", ["encodedTaskContent", "encodedValuesContent", "values"]),
    };

    public const int MinTimeout = 300;
    public const int MaxTimeout = 28800;

    public static void Platform(JsonObject owner, string path, bool required)
    {
        var platform = Object(owner, "platform", path, required);
        if (platform is null)
        {
            return;
        }

        Enum(platform, "os", Join(path, "platform"), required, Os);
        Enum(platform, "architecture", Join(path, "platform"), false, Architectures);
        Enum(platform, "variant", Join(path, "platform"), false, Variants);
    }

    public static void Common(JsonObject owner, string path)
    {
        Integer(owner, "timeout", path, MinTimeout, MaxTimeout);
        if (Object(owner, "agentConfiguration", path, false) is { } agent)
        {
            Integer(agent, "cpu", Join(path, "agentConfiguration"), 1, 64);
        }
    }

    /// <summary>A task step: the discriminator, its required field, and no fields of another step type.</summary>
    public static void Step(JsonObject step, string path, bool requireFields)
    {
        var type = Enum(step, "type", path, true, [.. StepTypes.Keys])!;
        var (requiredField, fields) = StepTypes[type];
        var foreign = StepTypes.Where(t => t.Key != type).SelectMany(t => t.Value.Fields).Except(fields).FirstOrDefault(step.ContainsKey);
        if (foreign is not null)
        {
            throw ArmErrors.InvalidContent($"Property '{foreign}' is not valid for a step of type '{type}'. Path '{Join(path, foreign)}'", Join(path, foreign));
        }

        String(step, requiredField, path, requireFields);
        Bool(step, "isPushEnabled", path);
        Bool(step, "noCache", path);
        Strings(step, "imageNames", path);
        NameValues(step, "arguments", path);
        NameValues(step, "values", path);
        if (type == "EncodedTask")
        {
            Base64(step, "encodedTaskContent", path);
            Base64(step, "encodedValuesContent", path);
        }
    }

    public static JsonObject? Object(JsonObject owner, string name, string path, bool required)
    {
        var node = Node(owner, name, path, required);
        return node is null ? null : node as JsonObject ?? throw Type(node, "Object", path, name);
    }

    public static JsonArray? Array(JsonObject owner, string name, string path, bool required)
    {
        var node = Node(owner, name, path, required);
        return node is null ? null : node as JsonArray ?? throw Type(node, "Array", path, name);
    }

    public static string? String(JsonObject owner, string name, string path, bool required)
    {
        var node = Node(owner, name, path, required);
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw Type(node, "String", path, name);
        }

        var value = node.GetValue<string>();
        return required && string.IsNullOrWhiteSpace(value)
            ? throw ArmErrors.InvalidContent($"Property '{name}' must not be empty. Path '{Join(path, name)}'", Join(path, name))
            : value;
    }

    /// <summary>Checks an enum and writes it back in the spec's casing; returns the canonical value.</summary>
    public static string? Enum(JsonObject owner, string name, string path, bool required, string[] allowed)
    {
        var value = String(owner, name, path, required);
        if (value is null)
        {
            return null;
        }

        var canonical = allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
            ?? throw ArmErrors.InvalidContent($"Error converting value \"{value}\" to type '{name}'. Allowed values are '{string.Join("', '", allowed)}'. Path '{Join(path, name)}'", Join(path, name));
        owner[name] = canonical;
        return canonical;
    }

    public static void Integer(JsonObject owner, string name, string path, int min, int max)
    {
        var node = Node(owner, name, path, false);
        if (node is null)
        {
            return;
        }

        if (node.GetValueKind() != JsonValueKind.Number || node.GetValue<decimal>() % 1 != 0)
        {
            throw Type(node, "Integer", path, name);
        }

        var value = node.GetValue<decimal>();
        if (value < min || value > max)
        {
            throw ArmErrors.InvalidContent(
                $"The value {value.ToString(CultureInfo.InvariantCulture)} of '{name}' is out of range: it must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}. Path '{Join(path, name)}'",
                Join(path, name));
        }
    }

    public static void Bool(JsonObject owner, string name, string path)
    {
        var node = Node(owner, name, path, false);
        if (node is not null && node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            throw Type(node, "Boolean", path, name);
        }
    }

    public static void Strings(JsonObject owner, string name, string path)
    {
        var items = Array(owner, name, path, false) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i]?.GetValueKind() != JsonValueKind.String)
            {
                throw Type(items[i], "String", path, $"{name}[{i.ToString(CultureInfo.InvariantCulture)}]");
            }
        }
    }

    /// <summary>Build arguments and set values: <c>{name, value, isSecret}</c>, name and value required.</summary>
    public static void NameValues(JsonObject owner, string name, string path)
    {
        var items = Array(owner, name, path, false) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = $"{Join(path, name)}[{i.ToString(CultureInfo.InvariantCulture)}]";
            var item = items[i] as JsonObject ?? throw Type(items[i], "Object", path, $"{name}[{i.ToString(CultureInfo.InvariantCulture)}]");
            String(item, "name", itemPath, true);
            String(item, "value", itemPath, false);
            if (item["value"] is null)
            {
                throw ArmErrors.InvalidContent($"Required property 'value' not found in JSON. Path '{itemPath}'", $"{itemPath}.value");
            }

            Bool(item, "isSecret", itemPath);
        }
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static void Base64(JsonObject owner, string name, string path)
    {
        if (String(owner, name, path, false) is { } text && !Convert.TryFromBase64String(text, new byte[text.Length], out _))
        {
            throw ArmErrors.InvalidContent($"Property '{name}' must be base64-encoded. Path '{Join(path, name)}'", Join(path, name));
        }
    }

    private static JsonNode? Node(JsonObject owner, string name, string path, bool required)
    {
        var node = owner[name];
        return node is null && required
            ? throw ArmErrors.InvalidContent($"Required property '{name}' not found in JSON. Path '{path}'", Join(path, name))
            : node;
    }

    private static ArmException Type(JsonNode? node, string kind, string path, string name) =>
        ArmErrors.InvalidContent($"Error converting value {node?.ToJsonString() ?? "null"} to type '{kind}'. Path '{Join(path, name)}'", Join(path, name));
}
