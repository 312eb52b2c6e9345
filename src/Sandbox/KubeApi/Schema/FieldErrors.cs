using System.Globalization;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>
/// apimachinery's field.Error constructors (pkg/util/validation/field/errors.go): the cause reason and the
/// ErrorBody text, <c>&lt;type string&gt;: &lt;bad value&gt;: &lt;detail&gt;</c>.
/// </summary>
internal static class FieldErrors
{
    public static FieldError Required(string path, string detail = "") =>
        new("FieldValueRequired", path, WithDetail("Required value", detail));

    public static FieldError Forbidden(string path, string detail) =>
        new("FieldValueForbidden", path, WithDetail("Forbidden", detail));

    public static FieldError Invalid(string path, JsonNode? value, string detail) =>
        new("FieldValueInvalid", path, WithDetail($"Invalid value: {GoFormat.BadValue(value)}", detail), value?.DeepClone());

    /// <summary>field.Invalid with a bad value that is not JSON (a Go struct in the real server), printed as given.</summary>
    public static FieldError InvalidRendered(string path, string renderedValue, string detail) =>
        new("FieldValueInvalid", path, WithDetail($"Invalid value: {renderedValue}", detail));

    public static FieldError TypeInvalid(string path, JsonNode? value, string detail) =>
        new("FieldValueTypeInvalid", path, WithDetail($"Invalid value: {GoFormat.BadValue(value)}", detail), value?.DeepClone());

    public static FieldError NotSupported(string path, JsonNode? value, IEnumerable<string> supported)
    {
        var quoted = supported.Select(GoFormat.Quote).ToList();
        return new("FieldValueNotSupported", path, WithDetail($"Unsupported value: {GoFormat.BadValue(value)}", quoted.Count == 0 ? "" : "supported values: " + string.Join(", ", quoted)), value?.DeepClone());
    }

    public static FieldError Duplicate(string path, JsonNode? value) =>
        new("FieldValueDuplicate", path, $"Duplicate value: {GoFormat.BadValue(value)}", value?.DeepClone());

    /// <summary>field.TooLong: the value is not printed, only the limit.</summary>
    public static FieldError TooLong(string path, JsonNode? value, long max) =>
        new("FieldValueTooLong", path, max >= 0 ? $"Too long: may not be more than {max.ToString(CultureInfo.InvariantCulture)} {(max == 1 ? "byte" : "bytes")}" : "Too long: value is too long", value?.DeepClone());

    public static FieldError TooMany(string path, long actual, long max) =>
        new("FieldValueTooMany", path, $"Too many: {actual.ToString(CultureInfo.InvariantCulture)}: must have at most {max.ToString(CultureInfo.InvariantCulture)} {(max == 1 ? "item" : "items")}", JsonValue.Create(actual));

    private static string WithDetail(string body, string detail) => detail.Length == 0 ? body : $"{body}: {detail}";
}
