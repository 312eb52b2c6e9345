using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>
/// Go's fmt verbs as the API server applies them to decoded JSON values, so that messages match byte for byte:
/// <c>%q</c> for strings, <c>%v</c> for numbers, <c>%#v</c> for maps and slices.
/// </summary>
internal static class GoFormat
{
    /// <summary>The bad-value part of field.Error.ErrorBody: <c>"x"</c>, <c>5</c>, <c>true</c>, <c>map[string]interface {}{...}</c>.</summary>
    public static string BadValue(JsonNode? value) => value switch
    {
        null => Quote("null"),
        JsonObject or JsonArray => GoSyntax(value),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v => Scalar(v),
        _ => Quote("null"),
    };

    /// <summary>%v of a decoded JSON value: strings bare, <c>map[k:v]</c>, <c>[a b]</c>, <c>&lt;nil&gt;</c>.</summary>
    public static string Plain(JsonNode? value) => value switch
    {
        null => "<nil>",
        JsonObject obj => "map[" + string.Join(' ', obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Plain(p.Value)}")) + "]",
        JsonArray array => "[" + string.Join(' ', array.Select(Plain)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v => Scalar(v),
        _ => "<nil>",
    };

    /// <summary>%#v of a decoded JSON value: Go syntax, map keys sorted as fmt sorts them.</summary>
    public static string GoSyntax(JsonNode? value) => value switch
    {
        null => "interface {}(nil)",
        JsonObject obj => "map[string]interface {}{" + string.Join(", ", obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Quote(p.Key)}:{GoSyntax(p.Value)}")) + "}",
        JsonArray array => "[]interface {}{" + string.Join(", ", array.Select(GoSyntax)) + "}",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        JsonValue v => Scalar(v),
        _ => "interface {}(nil)",
    };

    /// <summary>Go's %q (strconv.Quote).</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\a': builder.Append("\\a"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\v': builder.Append("\\v"); break;
                case < 0x20 or 0x7f:
                    builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    break;
                default:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Go's %v of a float64 (strconv 'g' with shortest digits): exponent form below 1e-4 and from 1e6, as in <c>2.147483647e+09</c>.</summary>
    public static string Float(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        text = text.TrimStart('-');
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e >= 0 ? text[..e] : text;
        var shift = e >= 0 ? int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integral = dot >= 0 ? mantissa[..dot] : mantissa;
        var all = integral + (dot >= 0 ? mantissa[(dot + 1)..] : string.Empty);
        var zeros = all.Length - all.TrimStart('0').Length;
        var digits = all.TrimStart('0').TrimEnd('0');
        var point = integral.Length + shift - zeros;
        var exponent = point - 1;
        string result;
        if (exponent < -4 || exponent >= 6)
        {
            var head = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
            result = $"{head}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
        }
        else if (point <= 0)
        {
            result = "0." + new string('0', -point) + digits;
        }
        else if (point >= digits.Length)
        {
            result = digits + new string('0', point - digits.Length);
        }
        else
        {
            result = $"{digits[..point]}.{digits[point..]}";
        }

        return negative ? "-" + result : result;
    }

    private static string Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number when JsonValues.IsInteger(value) => value.ToJsonString(),
        JsonValueKind.Number => Float(JsonValues.Number(value)),
        _ => "<nil>",
    };
}
