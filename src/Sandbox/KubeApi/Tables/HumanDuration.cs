using System.Globalization;

namespace AcrOperator.Sandbox.KubeApi.Tables;

/// <summary>apimachinery's duration.HumanDuration, which the API server uses for <c>date</c> cells (<c>5m12s</c>, <c>3d4h</c>).</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        // A little negative skew (clocks) reads as "now"; more is invalid.
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 60 * 2)
        {
            return $"{N(seconds)}s";
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{N(minutes)}m" : $"{N(minutes)}m{N(s)}s";
        }

        if (minutes < 60 * 3)
        {
            return $"{N(minutes)}m";
        }

        var hours = (long)d.TotalHours;
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{N(hours)}h" : $"{N(hours)}h{N(m)}m";
        }

        if (hours < 48)
        {
            return $"{N(hours)}h";
        }

        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{N(hours / 24)}d" : $"{N(hours / 24)}d{N(h)}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{N(hours / 24)}d";
        }

        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? $"{N(hours / 24 / 365)}y" : $"{N(hours / 24 / 365)}y{N(days)}d";
        }

        return $"{N(hours / 24 / 365)}y";
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
