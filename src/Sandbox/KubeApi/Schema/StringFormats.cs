using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace AcrOperator.Sandbox.KubeApi.Schema;

/// <summary>
/// The string formats the API server checks for CRDs (apiextensions-apiserver's supported formats, checked by
/// kube-openapi's strfmt registry). Unknown formats, and formats of non-strings (int32, int64, double), are not checked,
/// exactly as on a real server.
/// </summary>
internal static partial class StringFormats
{
    /// <summary>Whether <paramref name="value"/> is valid in <paramref name="format"/>; true for formats the server does not check.</summary>
    public static bool IsValid(string format, string value) => format switch
    {
        "date-time" or "datetime" => DateTime().IsMatch(value) && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        "date" => System.DateTime.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        "byte" => IsBase64(value),
        "uuid" => Uuid().IsMatch(value),
        "uuid3" => Uuid3().IsMatch(value),
        "uuid4" => Uuid4().IsMatch(value),
        "uuid5" => Uuid5().IsMatch(value),
        "ipv4" => IPAddress.TryParse(value, out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && value.Count(c => c == '.') == 3,
        "ipv6" => IPAddress.TryParse(value, out var v6) && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6,
        "cidr" => IPNetwork.TryParse(value, out _),
        "mac" => Mac().IsMatch(value),
        "hostname" => value.Length <= 255 && Hostname().IsMatch(value),
        "email" => Email().IsMatch(value),
        "uri" => Uri.TryCreate(value, UriKind.RelativeOrAbsolute, out _),
        "hexcolor" => HexColor().IsMatch(value),
        "duration" => Duration().IsMatch(value),
        _ => true,
    };

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out _);
    }

    // strfmt's DateTime accepts RFC 3339 with or without fractional seconds and with Z or an offset.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$")]
    private static partial Regex DateTime();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?3[0-9a-fA-F]{3}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid3();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?4[0-9a-fA-F]{3}-?[89abAB][0-9a-fA-F]{3}-?[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid4();

    [GeneratedRegex("^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?5[0-9a-fA-F]{3}-?[89abAB][0-9a-fA-F]{3}-?[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid5();

    [GeneratedRegex("^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$")]
    private static partial Regex Mac();

    [GeneratedRegex(@"^[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\.?$")]
    private static partial Regex Hostname();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+$")]
    private static partial Regex Email();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex HexColor();

    [GeneratedRegex(@"^(-?\d+(\.\d+)?\s*(ns|us|µs|ms|s|m|h|d|w)\s*)+$")]
    private static partial Regex Duration();
}
