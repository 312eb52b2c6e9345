using System.Globalization;

namespace AcrOperator.Sandbox.Arm.Providers.ContainerRegistry;

/// <summary>
/// The cron syntax of ACR timer triggers: five fields (minute, hour, day of month, month, day of week), each
/// <c>*</c>, a value, a range, a list, with an optional <c>/step</c>; months and weekdays also by name. ACR
/// refuses seconds and year fields, so exactly five are required.
/// </summary>
internal static class CronSchedule
{
    private static readonly (string Name, int Min, int Max, string[]? Names)[] Fields =
    [
        ("minute", 0, 59, null),
        ("hour", 0, 23, null),
        ("day of month", 1, 31, null),
        ("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        ("day of week", 0, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ];

    /// <summary>Null when <paramref name="schedule"/> is valid, otherwise why not.</summary>
    public static string? Check(string schedule)
    {
        var parts = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != Fields.Length)
        {
            return $"expected 5 fields (minute hour day-of-month month day-of-week), found {parts.Length.ToString(CultureInfo.InvariantCulture)}";
        }

        for (var i = 0; i < parts.Length; i++)
        {
            var field = Fields[i];
            foreach (var item in parts[i].Split(','))
            {
                if (!IsValidItem(item, field.Min, field.Max, field.Names))
                {
                    return $"'{item}' is not a valid {field.Name} (allowed {field.Min.ToString(CultureInfo.InvariantCulture)}-{field.Max.ToString(CultureInfo.InvariantCulture)})";
                }
            }
        }

        return null;
    }

    private static bool IsValidItem(string item, int min, int max, string[]? names)
    {
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        var range = slash < 0 ? item : item[..slash];
        if (slash >= 0 && !(int.TryParse(item[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var step) && step > 0))
        {
            return false;
        }

        if (range == "*")
        {
            return true;
        }

        var dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return Value(range, min, max, names) is not null;
        }

        var low = Value(range[..dash], min, max, names);
        var high = Value(range[(dash + 1)..], min, max, names);
        return low is not null && high is not null && low <= high;
    }

    private static int? Value(string text, int min, int max, string[]? names)
    {
        if (names is not null && Array.FindIndex(names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase)) is var index and >= 0)
        {
            return index + min;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;
    }
}
