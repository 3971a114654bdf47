using System;
using System.Globalization;

namespace Endpoint.Host.Fleet;

/// <summary>
/// Human-readable rates and durations for fleet options: rates as <c>2/min</c>, <c>0.5/s</c>,
/// <c>10/h</c> (per endpoint), durations as <c>20s</c>, <c>500ms</c>, <c>2m</c>, <c>1h</c> or plain seconds.
/// </summary>
public static class Rate
{
    /// <summary>Parses a rate into events per second.</summary>
    /// <exception cref="FormatException">Not a rate; the message says what is expected.</exception>
    public static double ParsePerSecond(string text)
    {
        const string expected = "a rate like 2/min, 0.5/s or 10/h";
        string t = (text ?? "").Trim().ToLowerInvariant();
        int slash = t.IndexOf('/');
        if (slash <= 0 || !double.TryParse(t[..slash], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double count) || !double.IsFinite(count))
        {
            throw new FormatException($"'{text}' is not {expected}");
        }

        double seconds = t[(slash + 1)..] switch
        {
            "s" or "sec" or "second" => 1,
            "m" or "min" or "minute" => 60,
            "h" or "hour" => 3600,
            "d" or "day" => 86400,
            _ => throw new FormatException($"'{text}' is not {expected} (units: s, min, h, d)"),
        };
        if (count / seconds > 1000)
        {
            throw new FormatException($"'{text}' is more than 1000/s per endpoint");
        }

        return count / seconds;
    }

    /// <summary>Parses a duration into milliseconds.</summary>
    /// <exception cref="FormatException">Not a duration.</exception>
    public static long ParseMilliseconds(string text)
    {
        const string expected = "a duration like 20s, 500ms, 2m or 1h";
        string t = (text ?? "").Trim().ToLowerInvariant();
        (string number, double scale) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 1.0),
            _ when t.EndsWith("min", StringComparison.Ordinal) => (t[..^3], 60_000.0),
            _ when t.EndsWith('s') => (t[..^1], 1000.0),
            _ when t.EndsWith('m') => (t[..^1], 60_000.0),
            _ when t.EndsWith('h') => (t[..^1], 3_600_000.0),
            _ => (t, 1000.0),
        };
        if (number.Length == 0 || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || value * scale > TimeSpan.FromDays(365).TotalMilliseconds)
        {
            throw new FormatException($"'{text}' is not {expected}");
        }

        return (long)Math.Round(value * scale);
    }

    /// <summary>A rate for people: <c>2/min</c>, <c>0.5/s</c>.</summary>
    public static string Format(double perSecond) =>
        perSecond >= 1 ? perSecond.ToString("0.##", CultureInfo.InvariantCulture) + "/s"
        : perSecond * 60 >= 1 ? (perSecond * 60).ToString("0.##", CultureInfo.InvariantCulture) + "/min"
        : (perSecond * 3600).ToString("0.##", CultureInfo.InvariantCulture) + "/h";
}
