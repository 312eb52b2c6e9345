using System.Globalization;
using System.Text.Json.Nodes;

namespace AcrOperator.Sandbox.KubeApi.Patching;

/// <summary>RFC 6901 JSON Pointer parsing and array-index rules as RFC 6902 applies them.</summary>
internal static class JsonPointer
{
    /// <summary>Splits a pointer into unescaped reference tokens; null when the text is not a pointer.</summary>
    public static List<string>? Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            return null;
        }

        var tokens = new List<string>();
        foreach (var raw in pointer[1..].Split('/'))
        {
            var token = Unescape(raw);
            if (token is null)
            {
                return null;
            }

            tokens.Add(token);
        }

        return tokens;
    }

    /// <summary>
    /// An array index: digits without leading zeros, below <paramref name="limit"/> (inclusive when inserting).
    /// RFC 6901 has no negative indices, so none are accepted.
    /// </summary>
    public static bool TryIndex(string token, int limit, out int index)
    {
        index = -1;
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0') || !token.All(char.IsAsciiDigit))
        {
            return false;
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index <= limit;
    }

    /// <summary>Walks <paramref name="tokens"/> from <paramref name="root"/>; false when a step does not exist.</summary>
    public static bool TryResolve(JsonNode? root, IReadOnlyList<string> tokens, int count, out JsonNode? node)
    {
        node = root;
        for (var i = 0; i < count; i++)
        {
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(tokens[i], out var child):
                    node = child;
                    break;
                case JsonArray array when TryIndex(tokens[i], array.Count - 1, out var index):
                    node = array[index];
                    break;
                default:
                    node = null;
                    return false;
            }
        }

        return true;
    }

    private static string? Unescape(string raw)
    {
        if (!raw.Contains('~', StringComparison.Ordinal))
        {
            return raw;
        }

        var result = new System.Text.StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '~')
            {
                result.Append(raw[i]);
                continue;
            }

            // ~0 is '~' and ~1 is '/'; any other escape makes the pointer invalid.
            if (i + 1 >= raw.Length || (raw[i + 1] != '0' && raw[i + 1] != '1'))
            {
                return null;
            }

            result.Append(raw[i + 1] == '0' ? '~' : '/');
            i++;
        }

        return result.ToString();
    }
}
