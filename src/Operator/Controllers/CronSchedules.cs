using System.Globalization;
using System.Text.RegularExpressions;

namespace AcrOperator.Controllers;

/// <summary>
/// What the CRD's pattern cannot check in a timer trigger's cron schedule: that each of the five fields (minute, hour,
/// day of month, month, day of week) is <c>*</c>, a value, a range or a list of them, with an optional step, and
/// that every value is in its field's range. Months and weekdays may be named (JAN, MON). ACR refuses anything else.
/// </summary>
public static partial class CronSchedules
{
    private static readonly (string Field, int Min, int Max, string[] Names)[] Fields =
    [
        ("minute", 0, 59, []),
        ("hour", 0, 23, []),
        ("day of month", 1, 31, []),
        ("month", 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]),
        ("day of week", 0, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]),
    ];

    /// <summary>Null when <paramref name="schedule"/> is a schedule ACR accepts; else what is wrong, for a condition message.</summary>
    public static string? Problem(string schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var parts = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != Fields.Length)
        {
            return $"it has {parts.Length.ToString(CultureInfo.InvariantCulture)} fields; a schedule has 5 (minute hour day-of-month month day-of-week)";
        }

        return parts.Zip(Fields).Select(p => FieldProblem(p.First, p.Second)).FirstOrDefault(p => p is not null);
    }

    private static string? FieldProblem(string text, (string Field, int Min, int Max, string[] Names) field)
    {
        foreach (var item in text.Split(','))
        {
            var match = Item().Match(item);
            var values = match.Success ? new[] { match.Groups["from"], match.Groups["to"] }.Where(g => g.Success).Select(g => Number(g.Value, field)).ToList() : [];
            var ordered = values.Count < 2 || values[0] <= values[1];
            if (!match.Success || values.Any(v => v is null) || !ordered || (match.Groups["step"].Success && match.Groups["step"].Value.TrimStart('0').Length == 0))
            {
                return $"'{item}' is not a valid {field.Field} (*, a value from {field.Min.ToString(CultureInfo.InvariantCulture)} to {field.Max.ToString(CultureInfo.InvariantCulture)}, a range a-b, a list, each with an optional /step)";
            }
        }

        return null;
    }

    private static int? Number(string text, (string Field, int Min, int Max, string[] Names) field)
    {
        var named = Array.FindIndex(field.Names, n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        if (named >= 0)
        {
            return field.Min + named;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= field.Min && value <= field.Max ? value : null;
    }

    // "*", "5", "1-5", "MON-FRI", each optionally "/step"; a bare step needs a range or "*" before it.
    [GeneratedRegex(@"^(?:\*|(?<from>[0-9A-Za-z]+)(?:-(?<to>[0-9A-Za-z]+))?)(?:/(?<step>[0-9]+))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Item();
}
